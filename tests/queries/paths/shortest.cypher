// shortestPath and allShortestPaths (implementation extension).
CREATE (a:N {name: 'a'})-[:R]->(b:N {name: 'b'})-[:R]->(d:N {name: 'd'}),
       (a)-[:R]->(c:N {name: 'c'})-[:R]->(d),
       (d)-[:R]->(e:N {name: 'e'}),
       (a)-[:S]->(e);
MATCH p = shortestPath((a:N {name: 'a'})-[:R*]->(e:N {name: 'e'})) RETURN length(p) AS len, [n IN nodes(p) | n.name][0] AS first;
/* expect
len | first
3 | 'a'
*/
MATCH p = allShortestPaths((a:N {name: 'a'})-[:R*]->(d:N {name: 'd'})) RETURN [n IN nodes(p) | n.name] AS names ORDER BY names;
/* expect
names
['a', 'b', 'd']
['a', 'c', 'd']
*/
MATCH p = shortestPath((a:N {name: 'a'})-[*]-(e:N {name: 'e'})) RETURN length(p) AS len;
/* expect
len
1
*/
MATCH p = shortestPath((e:N {name: 'e'})-[:R*]->(a:N {name: 'a'})) RETURN p;
/* expect
p
*/
// The WHERE of the MATCH is part of the search: the shortest path that passes it.
MATCH p = shortestPath((a:N {name: 'a'})-[:R*]->(d:N {name: 'd'})) WHERE none(n IN nodes(p) WHERE n.name = 'b') RETURN [n IN nodes(p) | n.name] AS names;
/* expect
names
['a', 'c', 'd']
*/
MATCH p = shortestPath((a:N {name: 'a'})-[*]-(e:N {name: 'e'})) WHERE none(r IN relationships(p) WHERE type(r) = 'S') RETURN length(p) AS len, [r IN relationships(p) | type(r)] AS types;
/* expect
len | types
3 | ['R', 'R', 'R']
*/
MATCH p = allShortestPaths((a:N {name: 'a'})-[*]-(e:N {name: 'e'})) WHERE length(p) > 1 RETURN [n IN nodes(p) | n.name] AS names ORDER BY names;
/* expect
names
['a', 'b', 'd', 'e']
['a', 'c', 'd', 'e']
*/
MATCH p = shortestPath((a:N {name: 'a'})-[:R*]->(d:N {name: 'd'})) WHERE length(p) > 5 RETURN p;
/* expect
p
*/
