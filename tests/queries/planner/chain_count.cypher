// Counts of chain patterns computed from weights carried along the chain (CountChain in
// EXPLAIN): hubs reached many ways, parallel relationships, self-loops, both directions,
// labels only some nodes carry, branches on both sides of the start node, an index seek as
// the start, and overlapping types, which keep the ordinary plan.
CREATE (c1:Company {n: 'c1'}), (c2:Company {n: 'c2'}), (c3:Company:Listed {n: 'c3'}),
       (p1:Product {n: 'p1'}), (p2:Product {n: 'p2'}), (p3:Product {n: 'p3'}), (x:Other {n: 'x'}),
       (d1:Disease {n: 'd1'}), (d2:Disease {n: 'd2'}), (r:Regulator {n: 'fda'}), (g:Region {n: 'us'}),
       (c1)-[:MAKES]->(p1), (c1)-[:MAKES]->(p1), (c1)-[:MAKES]->(p2), (c2)-[:MAKES]->(p2),
       (c3)-[:MAKES]->(p3), (x)-[:MAKES]->(p3), (c2)-[:MAKES]->(x),
       (p1)-[:TREATS]->(d1), (p1)-[:TREATS]->(d2), (p2)-[:TREATS]->(d2), (p3)-[:TREATS]->(d1),
       (p3)-[:TREATS]->(p3), (x)-[:TREATS]->(d1),
       (p1)-[:APPROVED]->(r), (p2)-[:APPROVED]->(r), (p3)-[:APPROVED]->(r), (r)-[:IN]->(g), (r)-[:IN]->(g);
CREATE INDEX FOR (n:Regulator) ON (n.n);
EXPLAIN MATCH (c:Company)-[:MAKES]->(p:Product)-[:TREATS]->(d:Disease) RETURN count(*) AS n;
/* expect plan
NodeByLabelScan (d:Disease) (2 nodes)
CountChain (d)<-[anon_4:TREATS]-(p:Product)
CountChain (p)<-[anon_3:MAKES]-(c:Company), anon_3 unique from anon_4
Aggregate (count(*) AS anon_6, from weights carried along the chains)
Project (anon_6 AS n)
Produce columns [n]
*/
// c1=p1 (twice) -> d1, d2; c1-p2-d2; c2-p2-d2; c3-p3-d1: 2*2 + 1 + 1 + 1
MATCH (c:Company)-[:MAKES]->(p:Product)-[:TREATS]->(d:Disease) RETURN count(*) AS n;
/* expect
n
7
*/
// p3's self-loop is a TREATS too: x->p3 and c3->p3 go on two ways
MATCH (c)-[:MAKES]->(p)-[:TREATS]->(d) RETURN count(*) AS n, count(p) AS m;
/* expect
n | m
11 | 11
*/
MATCH (c:Company)-[:MAKES]->(p:Product)-[:APPROVED]->(r:Regulator)-[:IN]->(g:Region) RETURN count(*) AS n;
/* expect
n
10
*/
MATCH (c:Company)-[:MAKES]->(p)-[:APPROVED]->(r:Regulator {n: 'fda'})-[:IN]->(g) RETURN count(*) AS n;
/* expect
n
10
*/
MATCH (d)-[:TREATS]-(p)-[:MAKES]-(c:Listed) RETURN count(*) AS n;
/* expect
n
2
*/
MATCH (a)-[:TREATS]->(b) RETURN count(*) AS n;
/* expect
n
6
*/
// the same type twice: relationship uniqueness matters, the ordinary plan counts it
// (middle p1: 2, d1: 6, d2: 2, p3 with its self-loop seen once: 2)
MATCH (a)-[:TREATS]-(b)-[:TREATS]-(c) RETURN count(*) AS n;
/* expect
n
12
*/
EXPLAIN MATCH (a)-[:TREATS]-(b)-[:TREATS]-(c) RETURN count(*) AS n;
/* expect plan
AllNodesScan (a) (11 nodes)
Expand (a)-[anon_3:TREATS]-(b)
CountExpand (b)-[anon_4:TREATS]-(c), anon_4 unique from anon_3
Aggregate (count(*) AS anon_6)
Project (anon_6 AS n)
Produce columns [n]
*/
MATCH (n:Nothing)-[:MAKES]->(m) RETURN count(*) AS n;
/* expect
n
0
*/
