// The rest of a pattern checked for existence once the variables read afterwards are bound
// (SemiApply in EXPLAIN): only under DISTINCT aggregates, min/max, grouping or RETURN
// DISTINCT, with relationship uniqueness kept between the two parts of the pattern.
CREATE (fda:R {name: 'FDA'}), (ema:R {name: 'EMA'}),
       (a:C {name: 'a'}), (b:C {name: 'b'}), (c:C {name: 'c'}), (d:C {name: 'd'}),
       (p1:P), (p2:P), (p3:P), (p4:P), (p5:P),
       // a: one product approved by both, through one MAKES: the two parts would need it twice
       (a)-[:MAKES]->(p1), (p1)-[:OK]->(fda), (p1)-[:OK]->(ema),
       // b: the same product through two MAKES: each part uses its own
       (b)-[:MAKES]->(p2), (b)-[:MAKES]->(p2), (p2)-[:OK]->(fda), (p2)-[:OK]->(ema),
       // c: two products, one each
       (c)-[:MAKES]->(p3), (c)-[:MAKES]->(p4), (p3)-[:OK]->(fda), (p4)-[:OK]->(ema),
       // d: FDA only
       (d)-[:MAKES]->(p5), (p5)-[:OK]->(fda);
EXPLAIN MATCH (x:C)-[:MAKES]->(:P)-[:OK]->(:R {name: 'FDA'}), (x)-[:MAKES]->(:P)-[:OK]->(:R {name: 'EMA'}) RETURN count(DISTINCT x.name) AS n;
/* expect plan
NodeByLabelScan (anon_2:R) (2 nodes) where anon_2.name = 'FDA'
Expand (anon_2)<-[anon_4:OK]-(anon_1:P) (labels guaranteed by the type)
Expand (anon_1)<-[anon_3:MAKES]-(x:C) (labels guaranteed by the type), anon_3 unique from anon_4
SemiApply (once per x; the rest only has to exist)
  Argument (x)
  Expand (x)-[anon_7:MAKES]->(anon_5:P) (labels guaranteed by the type), anon_7 unique from anon_4, anon_3
  Expand (anon_5)-[anon_8:OK]->(anon_6:R) where anon_6.name = 'EMA', anon_8 unique from anon_4, anon_3, anon_7
Aggregate (count(DISTINCT x.name) AS anon_10)
Project (anon_10 AS n)
Produce columns [n]
*/
MATCH (x:C)-[:MAKES]->(:P)-[:OK]->(:R {name: 'FDA'}), (x)-[:MAKES]->(:P)-[:OK]->(:R {name: 'EMA'}) RETURN count(DISTINCT x.name) AS n, collect(DISTINCT x.name) AS who;
/* expect
n | who
2 | ['b', 'c']
*/
MATCH (x:C)-[:MAKES]->(:P)-[:OK]->(:R {name: 'FDA'}), (x)-[:MAKES]->(:P)-[:OK]->(:R {name: 'EMA'}) RETURN DISTINCT x.name AS who ORDER BY who;
/* expect
who
'b'
'c'
*/
MATCH (x:C)-[:MAKES]->(p)-[:OK]->(r) RETURN r.name AS r, min(x.name) AS first, max(x.name) AS last ORDER BY r;
/* expect
r | first | last
'EMA' | 'a' | 'c'
'FDA' | 'a' | 'd'
*/
// count(*) counts every match: no existence check
MATCH (x:C)-[:MAKES]->(:P)-[:OK]->(:R {name: 'FDA'}), (x)-[:MAKES]->(:P)-[:OK]->(:R {name: 'EMA'}) RETURN count(*) AS n;
/* expect
n
3
*/
