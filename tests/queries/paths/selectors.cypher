// GQL path selectors in MATCH and shortestPath(...) as a value.
CREATE (a:N {n: 'a'})-[:R]->(b:N {n: 'b'})-[:R]->(c:N {n: 'c'})-[:R]->(d:N {n: 'd'}),
       (a)-[:R]->(c), (a)-[:R]->(x:N {n: 'x'})-[:R]->(d);

MATCH (a:N {n: 'a'}), (d:N {n: 'd'}) MATCH p = SHORTEST 1 (a)-[:R*]->(d) RETURN length(p) AS l;
/* expect
l
2
*/
MATCH (a:N {n: 'a'}), (d:N {n: 'd'}) MATCH p = ALL SHORTEST (a)-[:R*]->(d) RETURN [n IN nodes(p) | n.n] AS path;
/* expect unordered
path
['a', 'c', 'd']
['a', 'x', 'd']
*/
MATCH (a:N {n: 'a'}), (d:N {n: 'd'}) MATCH p = SHORTEST 3 (a)-[:R*]->(d) RETURN length(p) AS l ORDER BY l;
/* expect
l
2
2
3
*/
MATCH (a:N {n: 'a'}), (d:N {n: 'd'}) MATCH p = SHORTEST 2 GROUPS (a)-[:R*]->(d) RETURN length(p) AS l, count(*) AS paths ORDER BY l;
/* expect
l | paths
2 | 2
3 | 1
*/
// one shortest path per pair of end nodes
MATCH (a:N {n: 'a'}) MATCH p = ANY SHORTEST (a)-[:R*]->(e:N) RETURN e.n AS e, length(p) AS l ORDER BY e;
/* expect
e | l
'b' | 1
'c' | 1
'd' | 2
'x' | 1
*/
// several relationships in the pattern: the matches are enumerated, then selected
MATCH (a:N {n: 'a'}) MATCH p = SHORTEST 1 (a)-[:R]->(m)-[:R*0..]->(d:N {n: 'd'}) RETURN length(p) AS l;
/* expect
l
2
*/
// the MATCH's WHERE applies to the selected paths
MATCH (a:N {n: 'a'}), (d:N {n: 'd'}) MATCH p = SHORTEST 1 (a)-[:R*]->(d) WHERE length(p) > 2 RETURN count(p) AS c;
/* expect
c
0
*/
MATCH (a:N {n: 'a'}), (d:N {n: 'd'}) OPTIONAL MATCH p = SHORTEST 1 (d)-[:R*]->(a) RETURN p;
/* expect
p
null
*/
MATCH (a:N {n: 'a'}), (d:N {n: 'd'})
RETURN length(shortestPath((a)-[*]->(d))) AS l, size(allShortestPaths((a)-[*]->(d))) AS k, shortestPath((d)-[*]->(a)) AS none;
/* expect
l | k | none
2 | 2 | null
*/
MATCH (a:N {n: 'a'}), (b:N {n: 'b'}) MATCH p = SHORTEST 1 (a)-[*]->(b), (b)-->(c) RETURN p;
/* expect error: SyntaxError.UnsupportedFeature */
