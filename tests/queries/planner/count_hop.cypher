// The optimizer counts a last hop whose relationship and end node only feed count():
// relationship uniqueness (self-loops), several types, labels on the end node, grouping
// keys, ExpandInto, relationship properties, and relationships deleted by the statement.
CREATE (a:P {n: 'a'}), (b:P {n: 'b'}), (c:Q {n: 'c'}), (d:P:Q {n: 'd'}),
       (a)-[:K]->(b), (b)-[:K]->(c), (b)-[:K]->(d), (b)-[:L]->(a),
       (d)-[:K]->(d), (d)-[:K]->(a), (c)-[:L {w: 1}]->(c);
EXPLAIN MATCH (:P)-[:K]->(:P)-[:K]->(:P) RETURN count(*) AS n;
/* expect plan
NodeByLabelScan (anon_0:P) (3 nodes)
Expand (anon_0)-[anon_3:K]->(anon_1:P)
CountExpand (anon_1)-[anon_4:K]->(anon_2:P), anon_4 unique from anon_3
Aggregate (count(*) AS anon_6)
Project (anon_6 AS n)
Produce columns [n]
*/
// a->b->d, b->d->d, b->d->a, d->d->a, d->a->b; d->d->d would use the self-loop twice
MATCH (:P)-[:K]->(:P)-[:K]->(:P) RETURN count(*) AS n;
/* expect
n
5
*/
MATCH (x)-[:K]->()-[:K]->(y) RETURN count(y) AS n;
/* expect
n
6
*/
MATCH (x)-[r1]->(m)-[r2]->(y) RETURN count(r2) AS n, count(m) AS m;
/* expect
n | m
9 | 9
*/
MATCH (x)-[:K|L]-(y)-[:K|L]-(z) RETURN count(*) AS n;
/* expect
n
26
*/
MATCH (x)-[]-(x) RETURN count(*) AS n;
/* expect
n
2
*/
MATCH (x {n: 'd'})-[:K]->(y)-[:K]->(z:P) RETURN count(*) AS n;
/* expect
n
2
*/
MATCH (x:P)-[:K]->(y) RETURN x.n AS x, count(*) AS n ORDER BY x;
/* expect
x | n
'a' | 1
'b' | 2
'd' | 2
*/
// nodes without an L relationship make no group
MATCH (x)-[:L]->(y) RETURN x.n AS x, count(y) AS n ORDER BY x;
/* expect
x | n
'b' | 1
'c' | 1
*/
MATCH (x:P), (y:P) MATCH (x)-[:K|L]->(y) RETURN count(*) AS n;
/* expect
n
5
*/
MATCH (x)-[:L {w: 1}]->(y) RETURN count(*) AS n;
/* expect
n
1
*/
// count(DISTINCT ...) needs the rows, not their number: no counting hop (the hop only has
// to exist for each y)
EXPLAIN MATCH (x)-[:K]->(y:Q) RETURN count(DISTINCT y) AS n;
/* expect plan
NodeByLabelScan (y:Q) (2 nodes)
SemiApply (once per y; the rest only has to exist)
  Expand (y)<-[anon_2:K]-(x)
Aggregate (count(DISTINCT y) AS anon_4)
Project (anon_4 AS n)
Produce columns [n]
*/
MATCH (x)-[:K]->(y:Q) RETURN count(DISTINCT y) AS n, count(*) AS m;
/* expect
n | m
2 | 3
*/
// relationships deleted earlier in the statement are not counted (a->b->c is gone)
MATCH (n {n: 'c'}) DETACH DELETE n WITH count(*) AS gone MATCH (x)-[:K]->()-[:K]->(y) RETURN gone, count(*) AS n;
/* expect
gone | n
1 | 5
*/
