namespace DealerFlow.Core.Pricing;

/// <summary>
/// W. J. Cody's coefficients for erfc ("Rational Chebyshev approximations for the error function", Math. Comp. 1969),
/// named as in <see cref="Normal"/>'s ranges: the one table that <see cref="Normal"/> (scalar) and
/// <see cref="NormalVector"/> (per lane) both evaluate, so the two cannot disagree. Each polynomial runs in Horner
/// form from its first-named coefficient. For |y| &lt;= 0.46875: erfc(y) = 1 - y P1(y^2) / Q1(y^2), P1 from A4 then
/// A0..A3, Q1 from 1 then B0..B3. For 0.46875 &lt; y &lt;= 4: erfc(y) e^{y^2} = P2(y) / Q2(y), P2 from C8 then
/// C0..C7, Q2 from 1 then D0..D7. For y &gt; 4, z = 1 / y^2: erfc(y) e^{y^2} = (1/sqrt(pi) - z P3(z) / Q3(z)) / y,
/// P3 from P5 then P0..P4, Q3 from 1 then Q0..Q4.
/// </summary>
internal static class Cody
{
    /// <summary>1 / sqrt(2): N(x) = erfc(-x / sqrt 2) / 2.</summary>
    internal const double InvSqrt2 = 0.707106781186547524400844362105;

    /// <summary>1 / sqrt(pi), the leading term of erfc(y) e^{y^2} y for large y.</summary>
    internal const double InvSqrtPi = 0.564189583547756286948079451561;

    internal const double A0 = 3.16112374387056560e00, A1 = 1.13864154151050156e02, A2 = 3.77485237685302021e02, A3 = 3.20937758913846947e03, A4 = 1.85777706184603153e-1;
    internal const double B0 = 2.36012909523441209e01, B1 = 2.44024637934444173e02, B2 = 1.28261652607737228e03, B3 = 2.84423683343917062e03;
    internal const double C0 = 5.64188496988670089e-1, C1 = 8.88314979438837594e00, C2 = 6.61191906371416295e01, C3 = 2.98635138197400131e02, C4 = 8.81952221241769090e02;
    internal const double C5 = 1.71204761263407058e03, C6 = 2.05107837782607147e03, C7 = 1.23033935479799725e03, C8 = 2.15311535474403846e-8;
    internal const double D0 = 1.57449261107098347e01, D1 = 1.17693950891312499e02, D2 = 5.37181101862009858e02, D3 = 1.62138957456669019e03;
    internal const double D4 = 3.29079923573345963e03, D5 = 4.36261909014324716e03, D6 = 3.43936767414372164e03, D7 = 1.23033935480374942e03;
    internal const double P0 = 3.05326634961232344e-1, P1 = 3.60344899949804439e-1, P2 = 1.25781726111229246e-1, P3 = 1.60837851487422766e-2, P4 = 6.58749161529837803e-4, P5 = 1.63153871373020978e-2;
    internal const double Q0 = 2.56852019228982242e00, Q1 = 1.87295284992346047e00, Q2 = 5.27905102951428412e-1, Q3 = 6.05183413124413191e-2, Q4 = 2.33520497626869185e-3;
}
