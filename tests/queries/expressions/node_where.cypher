// WHERE inside node and relationship patterns of MATCH, EXISTS and COUNT.
CREATE (:P {n: 1})-[:K]->(:P {n: 2})-[:K]->(:P {n: 3});
MATCH (a:P WHERE a.n > 1) RETURN a.n AS n ORDER BY n;
/* expect
n
2
3
*/
MATCH (a:P {n: 1})-[:K]->(b WHERE b.n = 2) RETURN b.n AS n;
/* expect
n
2
*/
MATCH (a:P) WHERE COUNT { (a)-->(:P WHERE n > 0) } > 0 RETURN count(a) AS c;
/* expect error: SyntaxError.UndefinedVariable */
MATCH (a:P) RETURN a.n AS n, COUNT { (a)-->(b WHERE b.n > 2) } AS c ORDER BY n;
/* expect
n | c
1 | 0
2 | 1
3 | 0
*/
MATCH (x)-[r:K WHERE x.n > 1]->(y) RETURN y.n AS n;
/* expect
n
3
*/
MATCH (x)-[r:K* WHERE true]->(y) RETURN x;
/* expect error: SyntaxError.UnsupportedFeature */
CREATE (a)-[r:K WHERE true]->(b);
/* expect error: SyntaxError.UnsupportedFeature */
CREATE (n:Q WHERE n.x = 1);
/* expect error: SyntaxError.UnsupportedFeature */
