// Arithmetic: integer and float mixing, precedence, overflow, division.
RETURN 1 + 2 * 3 AS a, (1 + 2) * 3 AS b, 2 ^ 3 AS c, 7 / 2 AS d, 7 / 2.0 AS e, 7 % 3 AS f, -7 % 3 AS g;
/* expect
a | b | c | d | e | f | g
7 | 9 | 8.0 | 3 | 3.5 | 1 | -1
*/
RETURN 9223372036854775807 + 1 AS overflow;
/* expect error: ArgumentError.IntegerOverflow */
RETURN 1 / 0 AS x;
/* expect error: ArgumentError.DivisionByZero */
RETURN 1.0 / 0 AS inf, -1.0 / 0 AS ninf;
/* expect
inf | ninf
Infinity | -Infinity
*/
RETURN 1 + null AS a, null * 2 AS b;
/* expect
a | b
null | null
*/
RETURN 'n = ' + 3 AS s, [1, 2] + 3 AS l, 0 + [1] AS m;
/* expect
s | l | m
'n = 3' | [1, 2, 3] | [0, 1]
*/
RETURN 1 + true AS bad;
/* expect error: TypeError.InvalidArgumentType */
