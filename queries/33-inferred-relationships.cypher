// How many relationships of each type are inferred rather than stated (MENTIONS left out), with one of them as an example?
MATCH ()-[r]->() WHERE type(r) <> 'MENTIONS'
WITH type(r) AS type, r ORDER BY startNode(r).name, endNode(r).name
WITH type, count(r) AS relationships, [x IN collect(r) WHERE x.evidence = 'inferred'] AS inferred
WHERE size(inferred) > 0
RETURN type, relationships, size(inferred) AS inferred,
       startNode(inferred[0]).name + ' -> ' + endNode(inferred[0]).name AS example, inferred[0].basis AS inferred_from
ORDER BY inferred DESC, type;
