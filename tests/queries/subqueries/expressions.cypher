// COUNT { }, COLLECT { } and EXISTS { } with full query bodies.
CREATE (a:P {name: 'a'}), (b:P {name: 'b'}), (c:P {name: 'c'}),
       (a)-[:K]->(b), (a)-[:K]->(c), (b)-[:K]->(c), (a)-[:L]->(c);

MATCH (p:P) RETURN p.name AS name, COUNT { (p)-[:K]->() } AS out ORDER BY name;
/* expect
name | out
'a' | 2
'b' | 1
'c' | 0
*/
MATCH (p:P) RETURN p.name AS name, COUNT { (p)-->(q) WHERE q.name = 'c' } AS toc ORDER BY name;
/* expect
name | toc
'a' | 2
'b' | 1
'c' | 0
*/
MATCH (p:P) WHERE COUNT { MATCH (p)-[:K]->(q) RETURN DISTINCT q } >= 1 RETURN p.name AS name ORDER BY name;
/* expect
name
'a'
'b'
*/
MATCH (p:P {name: 'a'}) RETURN COLLECT { MATCH (p)-->(q) RETURN q.name ORDER BY q.name DESC } AS names;
/* expect
names
['c', 'c', 'b']
*/
MATCH (p:P {name: 'a'}) RETURN COLLECT { MATCH (p)-->(q) RETURN q.name AS n UNION MATCH (p)-->(q) RETURN q.name AS n } AS names;
/* expect unordered
names
['b', 'c']
*/
MATCH (p:P) WHERE EXISTS { MATCH (p)-->(q) WITH q WHERE q.name = 'b' RETURN q } RETURN p.name AS name;
/* expect
name
'a'
*/
MATCH (p:P) WHERE NOT EXISTS { OPTIONAL MATCH (p)-->(q) RETURN q } RETURN p.name AS name;
/* expect
name
*/
// inside aggregation and with UNWIND bodies
MATCH (p:P) RETURN sum(COUNT { (p)--() }) AS degree;
/* expect
degree
8
*/
UNWIND [1, 3] AS x RETURN x, COUNT { UNWIND range(1, x) AS y RETURN y } AS k;
/* expect
x | k
1 | 1
3 | 3
*/
// errors
RETURN COLLECT { UNWIND [1, 2] AS a RETURN a, a + 1 AS b } AS bad;
/* expect error: SyntaxError.InvalidSubqueryReturn */
MATCH (p:P) RETURN COUNT { CREATE (:X) } AS bad;
/* expect error: SyntaxError.InvalidClauseComposition */
MATCH (p:P) RETURN EXISTS { MATCH (p) SET p.x = 1 } AS bad;
/* expect error: SyntaxError.InvalidClauseComposition */
// SKIP and LIMIT take constants: no subquery or pattern
MATCH (p:P) RETURN p LIMIT COUNT { MATCH (q) RETURN q };
/* expect error: SyntaxError.NonConstantExpression */
RETURN 1 SKIP size([(a)-->(b) | b]);
/* expect error: SyntaxError.NonConstantExpression */
