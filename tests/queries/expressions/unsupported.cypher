// Constructs ieum does not support are refused by name (UnsupportedFeature).
MATCH (n) WHERE n:A|B RETURN n;
/* expect error: SyntaxError.UnsupportedFeature */
CREATE (n:A|B);
/* expect error: SyntaxError.UnsupportedFeature */
SHOW DATABASES;
/* expect error: SyntaxError.UnsupportedFeature */
USE neo4j MATCH (n) RETURN n;
/* expect error: SyntaxError.UnsupportedFeature */
CREATE CONSTRAINT FOR (n:L) REQUIRE n.x IS NOT NULL;
/* expect error: SyntaxError.UnsupportedFeature */
MATCH (n) SET n:$($label);
/* expect error: SyntaxError.UnsupportedFeature */
// a string holding such words does not trigger it
RETURN 'USE x (n WHERE y)' AS s;
/* expect
s
'USE x (n WHERE y)'
*/
