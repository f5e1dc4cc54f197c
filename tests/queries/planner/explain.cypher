// EXPLAIN shows where a pattern starts: the index, else the smallest label.
UNWIND range(1, 50) AS i CREATE (:Company {name: 'c' + i})-[:MAKES]->(:Product {name: 'p' + i});
CREATE (:Regulator {name: 'MFDS'});
CREATE INDEX FOR (c:Company) ON (c.name);
EXPLAIN MATCH (c:Company {name: 'c7'})-[:MAKES]->(p:Product) RETURN p.name;
/* expect plan
NodeIndexSeek (c:Company {name: 'c7'})
Expand (c)-[anon_2:MAKES]->(p:Product) (labels guaranteed by the type)
Project (p.name)
Produce columns [p.name]
*/
MATCH (c:Company {name: 'c7'})-[:MAKES]->(p:Product) RETURN p.name;
/* expect
p.name
'p7'
*/
EXPLAIN MATCH (p:Product)<-[:MAKES]-(c:Company), (r:Regulator) RETURN count(*) AS n;
/* expect plan
NodeByLabelScan (r:Regulator) (1 node)
NodeByLabelScan (p:Product) (50 nodes)
CountExpand (p)<-[anon_2:MAKES]-(c:Company) (labels guaranteed by the type)
Aggregate (count(*) AS anon_5)
Project (anon_5 AS n)
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
