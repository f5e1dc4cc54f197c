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
