// CALL { ... } subqueries: importing WITH, scoped forms, OPTIONAL CALL, UNION, unit subqueries.
CREATE (:P {name: 'a', n: 1}), (:P {name: 'b', n: 2}), (:P {name: 'c', n: 3});
CREATE (:Q {n: 1}), (:Q {n: 1}), (:Q {n: 3});

UNWIND [1, 2, 3] AS x CALL { WITH x RETURN x * 10 AS y } RETURN x, y;
/* expect
x | y
1 | 10
2 | 20
3 | 30
*/

MATCH (p:P) CALL (p) { MATCH (q:Q) WHERE q.n = p.n RETURN count(q) AS c } RETURN p.name AS name, c ORDER BY name;
/* expect
name | c
'a' | 2
'b' | 0
'c' | 1
*/

MATCH (p:P) CALL (*) { MATCH (q:Q {n: p.n}) RETURN q.n AS qn } RETURN p.name AS name, qn ORDER BY name;
/* expect
name | qn
'a' | 1
'a' | 1
'c' | 3
*/

MATCH (p:P) OPTIONAL CALL (p) { MATCH (q:Q {n: p.n}) RETURN q.n AS qn } RETURN p.name AS name, qn ORDER BY name, qn;
/* expect
name | qn
'a' | 1
'a' | 1
'b' | null
'c' | 3
*/

CALL () { MATCH (p:P) RETURN p.name AS name ORDER BY p.n DESC LIMIT 1 } RETURN name;
/* expect
name
'c'
*/

UNWIND [1, 2] AS x CALL (x) { RETURN x + 1 AS v UNION RETURN x + 1 AS v } RETURN x, v;
/* expect
x | v
1 | 2
2 | 3
*/

UNWIND [1, 2] AS x CALL (x) { RETURN x AS v UNION ALL RETURN -x AS v } RETURN v ORDER BY v;
/* expect
v
-2
-1
1
2
*/

CALL { MATCH (p:P) RETURN p.n AS n UNION ALL MATCH (q:Q) RETURN q.n AS n } RETURN sum(n) AS total;
/* expect
total
11
*/

// a unit subquery writes and leaves the rows as they were
MATCH (p:P) CALL (p) { CREATE (:R {of: p.name}) } RETURN count(*) AS rows;
/* expect
rows
3
*/
MATCH (r:R) RETURN r.of AS of ORDER BY of;
/* expect
of
'a'
'b'
'c'
*/

MATCH (p:P) CALL (p) { SET p.seen = true } WITH p WHERE p.seen RETURN count(p) AS seen;
/* expect
seen
3
*/

// errors
UNWIND [1] AS x CALL (y) { RETURN 1 AS one } RETURN one;
/* expect error: SyntaxError.UndefinedVariable */
UNWIND [1] AS x CALL (x) { RETURN x AS x } RETURN x;
/* expect error: SyntaxError.VariableAlreadyBound */
UNWIND [1] AS x CALL (x) { RETURN x AS y };
/* expect error: SyntaxError.InvalidClauseComposition */
CALL { RETURN 1 AS a UNION RETURN 2 AS b } RETURN a;
/* expect error: SyntaxError.DifferentColumnsInUnion */
// without an importing WITH, outer variables are not visible inside
UNWIND [1] AS x CALL { RETURN x AS y } RETURN y;
/* expect error: SyntaxError.UndefinedVariable */
UNWIND [1] AS x CALL (x) { CREATE () } IN 2 CONCURRENT TRANSACTIONS;
/* expect error: SyntaxError.UnsupportedFeature */
