// EXPLAIN shows where a pattern starts: the index, else the smallest label.
UNWIND range(1, 50) AS i CREATE (:Company {name: 'c' + i})-[:MAKES]->(:Product {name: 'p' + i});
CREATE (:Regulator {name: 'MFDS'});
CREATE INDEX FOR (c:Company) ON (c.name);
EXPLAIN MATCH (c:Company {name: 'c7'})-[:MAKES]->(p:Product) RETURN p.name;
/* expect plan
NodeIndexSeek #0:Company(name)
Expand (#0)-[#2:MAKES]->(#1:Product)
Project (1 item)
Produce columns [p.name]
*/
MATCH (c:Company {name: 'c7'})-[:MAKES]->(p:Product) RETURN p.name;
/* expect
p.name
'p7'
*/
EXPLAIN MATCH (p:Product)<-[:MAKES]-(c:Company), (r:Regulator) RETURN count(*) AS n;
/* expect plan
NodeByLabelScan #3:Regulator (1 nodes)
NodeByLabelScan #0:Product (50 nodes)
CountExpand (#0)<-[#2:MAKES]-(#1:Company)
Aggregate (keys: 0, aggregates: CountStar)
Project (1 item)
Produce columns [n]
*/
MATCH (p:Product)<-[:MAKES]-(c:Company), (r:Regulator) RETURN count(*) AS n;
/* expect
n
50
*/
MATCH (c:Company) WHERE c.name = 'c3' RETURN c;
/* expect
c
(:Company {name: 'c3'})
*/
