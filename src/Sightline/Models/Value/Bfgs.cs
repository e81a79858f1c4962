namespace Sightline.Models.Value;

/// <summary>
/// A small deterministic BFGS minimiser with a backtracking (Armijo) line search, for the few smooth
/// parameters of the value models. Points where the objective is not finite are treated as too far.
/// </summary>
internal static class Bfgs
{
    /// <summary>Minimises <paramref name="objective"/>, which returns the value and fills the gradient.</summary>
    /// <param name="objective">The value at a point; fills the gradient.</param>
    /// <param name="start">The starting point.</param>
    /// <param name="maxIterations">Iterations at most.</param>
    /// <param name="gradientTolerance">Converged once no gradient component is larger.</param>
    /// <param name="stop">Ends the search after an accepted step at a point it holds true for (a fit leaving its model's useful range).</param>
    /// <returns>The minimiser, the value there and the iterations used.</returns>
    public static (double[] Point, double Value, int Iterations) Minimise(
        Func<double[], double[], double> objective, double[] start, int maxIterations = 1000, double gradientTolerance = 1e-9, Func<double[], bool>? stop = null)
    {
        var n = start.Length;
        var x = (double[])start.Clone();
        var g = new double[n];
        var f = objective(x, g);
        if (!double.IsFinite(f))
        {
            throw new InvalidOperationException("the objective is not finite at the starting point");
        }

        var h = Identity(n);
        var trial = new double[n];
        var gTrial = new double[n];
        var direction = new double[n];
        var iterations = 0;
        for (; iterations < maxIterations; iterations++)
        {
            if (MaxAbs(g) < gradientTolerance)
            {
                break;
            }

            for (var i = 0; i < n; i++)
            {
                direction[i] = 0;
                for (var j = 0; j < n; j++)
                {
                    direction[i] -= h[i, j] * g[j];
                }
            }

            var slope = Dot(direction, g);
            if (slope >= 0)
            {
                // Not a descent direction (round-off in the update): restart from steepest descent.
                h = Identity(n);
                for (var i = 0; i < n; i++)
                {
                    direction[i] = -g[i];
                }

                slope = Dot(direction, g);
            }

            // Steps on log-parameters longer than 5 (a factor of e^5) are never needed in one move.
            var step = Math.Min(1.0, 5 / Math.Max(MaxAbs(direction), 1e-300));
            var fTrial = double.NaN;
            var accepted = false;
            for (var halving = 0; halving < 60; halving++)
            {
                for (var i = 0; i < n; i++)
                {
                    trial[i] = x[i] + (step * direction[i]);
                }

                fTrial = objective(trial, gTrial);
                if (double.IsFinite(fTrial) && fTrial <= f + (1e-4 * step * slope))
                {
                    accepted = true;
                    break;
                }

                step /= 2;
            }

            if (!accepted)
            {
                break;
            }

            var s = new double[n];
            var y = new double[n];
            for (var i = 0; i < n; i++)
            {
                s[i] = trial[i] - x[i];
                y[i] = gTrial[i] - g[i];
            }

            var improvement = f - fTrial;
            Array.Copy(trial, x, n);
            Array.Copy(gTrial, g, n);
            f = fTrial;
            UpdateInverseHessian(h, s, y);
            if (stop?.Invoke(x) == true)
            {
                iterations++;
                break;
            }

            if (improvement <= 1e-15 * Math.Max(1, Math.Abs(f)) && MaxAbs(g) < gradientTolerance * 1e3)
            {
                break;
            }
        }

        return (x, f, iterations);
    }

    private static void UpdateInverseHessian(double[,] h, double[] s, double[] y)
    {
        var n = s.Length;
        var sy = Dot(s, y);
        if (sy <= 1e-300)
        {
            return; // curvature condition fails: keep the old approximation
        }

        var rho = 1 / sy;
        var hy = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                hy[i] += h[i, j] * y[j];
            }
        }

        var yhy = Dot(y, hy);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                h[i, j] += (-rho * ((hy[i] * s[j]) + (s[i] * hy[j]))) + (((rho * rho * yhy) + rho) * s[i] * s[j]);
            }
        }
    }

    private static double[,] Identity(int n)
    {
        var h = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            h[i, i] = 1;
        }

        return h;
    }

    private static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static double MaxAbs(double[] a) => a.Max(Math.Abs);
}
