// What links Celltrion to Moderna? (shortest path, documents excluded)
MATCH p = shortestPath((a:Company {name: 'Celltrion'})-[*..8]-(b:Company {name: 'Moderna'}))
WHERE none(n IN nodes(p) WHERE n:Document)
RETURN [n IN nodes(p) | n.name] AS path, [r IN relationships(p) | type(r)] AS via, length(p) AS hops;

// The same, leaving out countries and regions too (the WHERE is part of the search).
MATCH p = shortestPath((a:Company {name: 'Celltrion'})-[*..8]-(b:Company {name: 'Moderna'}))
WHERE none(n IN nodes(p) WHERE n:Document OR n:Place)
RETURN [n IN nodes(p) | n.name] AS path, [r IN relationships(p) | type(r)] AS via, length(p) AS hops;
