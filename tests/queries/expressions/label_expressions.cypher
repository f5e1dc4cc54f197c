// Label expressions in node patterns: |, &, !, %, parentheses.
CREATE (:A {n: 1}), (:B {n: 2}), (:A:B {n: 3}), (:C {n: 4}), ({n: 5});
MATCH (n:A|B) RETURN n.n AS n ORDER BY n;
/* expect
n
1
2
3
*/
MATCH (n:A&B) RETURN n.n AS n;
/* expect
n
3
*/
MATCH (n:!A) RETURN n.n AS n ORDER BY n;
/* expect
n
2
4
5
*/
MATCH (n:%) RETURN count(n) AS c;
/* expect
c
4
*/
MATCH (n:(A|C)&!B) WHERE n.n > 0 RETURN n.n AS n ORDER BY n;
/* expect
n
1
4
*/
MATCH (n:A|:C) RETURN count(n) AS c;
/* expect
c
3
*/
// anonymous nodes with an expression do not show in RETURN *
MATCH (:A|C) WITH 1 AS one RETURN *;
/* expect
one
1
1
1
*/
RETURN COUNT { (:A|B) } AS c, EXISTS { (:!A&!B&!C) } AS e;
/* expect
c | e
3 | true
*/
MATCH (:A|C) RETURN *;
/* expect error: SyntaxError.NoVariablesInScope */
MERGE (n:A|B);
/* expect error: SyntaxError.UnsupportedFeature */
