// CALL { ... } IN TRANSACTIONS: batches, ON ERROR.
UNWIND range(1, 5) AS i CALL (i) { CREATE (:B {i: i}) } IN TRANSACTIONS OF 2 ROWS;
MATCH (b:B) RETURN count(b) AS n, sum(b.i) AS s;
/* expect
n | s
5 | 15
*/

// the batch holding i = 3 fails and is undone; the others are kept
UNWIND range(1, 5) AS i CALL (i) { CREATE (:C {i: 1 / (i - 3)}) } IN TRANSACTIONS OF 2 ROWS ON ERROR CONTINUE;
MATCH (c:C) RETURN count(c) AS n;
/* expect
n
3
*/

// BREAK: nothing after the failed batch is tried; returned values are null for rows not done
UNWIND range(1, 5) AS i CALL (i) { CREATE (d:D {i: 1 / (i - 3)}) RETURN d.i AS v } IN TRANSACTIONS OF 2 ROWS ON ERROR BREAK RETURN i, v;
/* expect
i | v
1 | 0
2 | -1
3 | null
4 | null
5 | null
*/

// FAIL (the default): the statement fails, the batches before stay committed
UNWIND range(1, 5) AS i CALL (i) { CREATE (:E {i: 1 / (i - 3)}) } IN TRANSACTIONS OF 1 ROW;
/* expect error: ArgumentError.DivisionByZero */
MATCH (e:E) RETURN count(e) AS n;
/* expect
n
2
*/

UNWIND [1] AS i CALL (i) { CREATE (:F) } IN TRANSACTIONS OF 0 ROWS;
/* expect error: ArgumentError.InvalidArgumentValue */
CALL { CALL { CREATE (:G) } IN TRANSACTIONS } RETURN 1 AS one;
/* expect error: SyntaxError.InvalidClauseComposition */
