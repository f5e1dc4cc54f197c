// Quantified path patterns and quantified relationships of one relationship.
CREATE (a:N {n: 'a'})-[:R]->(b:N {n: 'b'})-[:R]->(c:N {n: 'c'})-[:R]->(d:N {n: 'd'}), (a)-[:S]->(d);

MATCH (a:N {n: 'a'})((x)-[:R]->(y)){1,2}(e) RETURN e.n AS e ORDER BY e;
/* expect
e
'b'
'c'
*/
MATCH (a:N {n: 'a'})(()-[r:R]->()){2,}(e) RETURN e.n AS e, size(r) AS k ORDER BY e;
/* expect
e | k
'c' | 2
'd' | 3
*/
MATCH (a:N {n: 'a'})-[:R]->+(e) RETURN e.n AS e ORDER BY e;
/* expect
e
'b'
'c'
'd'
*/
MATCH (a:N {n: 'a'})-[:R]->{2}(e) RETURN e.n AS e;
/* expect
e
'c'
*/
MATCH p = (a:N {n: 'a'})(()-[:R]->())*(e) RETURN e.n AS e, length(p) AS l ORDER BY l;
/* expect
e | l
'a' | 0
'b' | 1
'c' | 2
'd' | 3
*/
MATCH (a:N {n: 'a'})(()-[:R|S]->()){,1}(e:N) RETURN e.n AS e ORDER BY e;
/* expect
e
'a'
'b'
'd'
*/
// a group first starts at an anonymous node
MATCH ((x)-[:R]->(y)){3} (e) RETURN e.n AS e;
/* expect
e
'd'
*/
MATCH (a:N {n: 'a'})(()-[:R]->()-[:R]->()){1,2}(e) RETURN e;
/* expect error: SyntaxError.UnsupportedFeature */
MATCH (a:N {n: 'a'})((:N)-[:R]->()){1,2}(e) RETURN e;
/* expect error: SyntaxError.UnsupportedFeature */
MATCH (a:N {n: 'a'})((x)-[:R]->(y) WHERE y.n <> 'b'){1,2}(e) RETURN e;
/* expect error: SyntaxError.UnsupportedFeature */
MATCH (a)-[:R*1..2]->{2}(e) RETURN e;
/* expect error: SyntaxError.InvalidRelationshipPattern */
