// Grouped counts answered from the store's own counts (StoreCount in EXPLAIN): nodes per
// label combination, relationships per type, with keys that are any expression of labels(n)
// or type(r), a required label, types given, and shapes that keep the ordinary plan.
CREATE (a:A {x: 1}), (b:A:B), (c:B:A), (d:C), (e), (f:A),
       (a)-[:R]->(b), (b)-[:R]->(c), (c)-[:S]->(c), (d)-[:T {w: 1}]->(a), (e)-[:R]->(e);
EXPLAIN MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n ORDER BY label;
/* expect plan
StoreCount (nodes per label combination, from the store's counts)
Aggregate (grouping labels(n)[0] AS label; count(*) AS anon_3, weighted rows)
Project (anon_3 AS n)
Sort (label)
Produce columns [label, n]
*/
MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n ORDER BY label;
/* expect
label | n
'A' | 3
'B' | 1
'C' | 1
null | 1
*/
MATCH (n:A) RETURN size(labels(n)) AS k, count(n) AS n ORDER BY k;
/* expect
k | n
1 | 2
2 | 2
*/
MATCH (n) RETURN count(*) AS total, count(n) AS nodes;
/* expect
total | nodes
6 | 6
*/
MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n ORDER BY t;
/* expect
t | n
'R' | 3
'S' | 1
'T' | 1
*/
MATCH (x)-[r:R|T]->(y) RETURN type(r) + '!' AS t, count(r) AS n, count(y) AS m ORDER BY t;
/* expect
t | n | m
'R!' | 3 | 3
'T!' | 1 | 1
*/
// keys reading the node itself or a property keep the ordinary plan
MATCH (n) RETURN n.x AS x, count(*) AS n ORDER BY x;
/* expect
x | n
1 | 1
null | 5
*/
MATCH ()-[r]-() RETURN type(r) AS t, count(*) AS n ORDER BY t;
/* expect
t | n
'R' | 5
'S' | 1
'T' | 2
*/
