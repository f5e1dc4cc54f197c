// What links Celltrion to Moderna? (shortest path, documents excluded)
MATCH p = shortestPath((a:Company {name: 'Celltrion'})-[*..8]-(b:Company {name: 'Moderna'}))
WHERE none(n IN nodes(p) WHERE n:Document)
RETURN [n IN nodes(p) | n.name] AS path, [r IN relationships(p) | type(r)] AS via, length(p) AS hops;

// The same, leaving out countries and regions too. shortestPath applies WHERE after the
// search (see the README), so this uses a bounded variable-length match ordered by length.
MATCH p = (a:Company {name: 'Celltrion'})-[*..5]-(b:Company {name: 'Moderna'})
WHERE none(n IN nodes(p) WHERE n:Document OR n:Place)
WITH p, [n IN nodes(p) | n.name] AS path
RETURN path, [r IN relationships(p) | type(r)] AS via, length(p) AS hops
ORDER BY hops, path
LIMIT 1;
