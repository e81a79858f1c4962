namespace Sightline.Demo;

internal sealed partial class AccountSimulator
{
    /// <summary>Scales order frequency; tuned so a world averages about 20 order lines per account.</summary>
    internal const double OrderRateScale = 1.12;

    private const double ReturnShare = 0.005;
    private const double MeanLinesPerOrder = 1.65;

    private static readonly string[] OrderChannels = ["direct", "inside_sales", "online", "partner"];

    private void SimulateOrders()
    {
        var archetype = DemoCatalog.Archetypes[_p.Archetype];
        var baseRate = Math.Clamp(OrderRateScale * Math.Pow(_p.Potential / 20_000.0, 0.35), 0.12, 5.0);
        var penetration = 0.0;
        RecomputeProductWeights();
        for (var m = 0; m < Months; m++)
        {
            if (_state[m] != Active)
            {
                continue;
            }

            if (m == 0)
            {
                penetration = _rng.Uniform(0.2, 0.7);
            }
            else if (_acquired[m])
            {
                penetration = penetration > 0 ? Math.Max(0.1, 0.6 * penetration) : _rng.Uniform(0.15, 0.45);
            }

            penetration = Math.Clamp(penetration * (1 + archetype.MonthlyGrowth + _rng.Normal(0, 0.01)), 0.03, 1.0);
            var rate = baseRate * Seasonality(m);
            var orders = _rng.Poisson(rate);
            if ((_acquired[m] || m == _p.GuaranteedMonth) && orders == 0)
            {
                orders = 1;
            }

            var spendPerLine = _p.Potential * penetration / 12.0 / (baseRate * MeanLinesPerOrder);
            var winOpportunityDue = _acquired[m];
            for (var o = 0; o < orders; o++)
            {
                winOpportunityDue = WriteOrder(m, spendPerLine, winOpportunityDue);
            }
        }
    }

    private double Seasonality(int month)
    {
        if (_p.Archetype != DemoCatalog.Seasonal)
        {
            return 1.0;
        }

        return MonthStart(month).Month is 3 or 6 or 9 or 12 ? 2.2 : 0.45;
    }

    /// <summary>Writes one order (1-4 distinct products); returns whether a won opportunity is still due.</summary>
    private bool WriteOrder(int month, double spendPerLine, bool winOpportunityDue)
    {
        var orderNumber = ++_nextOrder;
        var date = DayIn(month);
        var lines = 1 + Math.Min(_rng.Poisson(0.65), 3);
        var distinct = 0;
        for (var l = 0; l < lines; l++)
        {
            var product = _rng.Pick(_productWeights);
            if (_orderProducts.AsSpan(0, distinct).Contains(product))
            {
                continue;
            }

            _orderProducts[distinct++] = product;
            winOpportunityDue = WriteLine(orderNumber, product, date, month, spendPerLine, winOpportunityDue);
        }

        return winOpportunityDue;
    }

    private bool WriteLine(long orderNumber, int productIndex, DateOnly date, int month, double spendPerLine, bool winOpportunityDue)
    {
        var product = DemoCatalog.Products[productIndex];
        var discount = Math.Round(Math.Clamp(_p.Discount + _rng.Normal(0, 0.02), 0, 0.45), 2);
        var unitNet = product.ListPrice * (1 - discount);
        var target = spendPerLine * Math.Exp(_rng.Normal(-0.08, 0.4));
        var quantity = Math.Clamp(Math.Round(target / unitNet), 1, 100_000);
        var amount = Math.Round(quantity * unitNet, 2);
        var channel = _p.Coverage;
        if (channel != 2 && _rng.Chance(0.08))
        {
            channel = 2;
        }

        int? rep = channel == 2 && _rng.Chance(0.6) ? null : _p.OwnerRep ?? _p.Territory.RepNumber;
        WriteOrderLine("SO", orderNumber, 9, productIndex, date, amount, quantity, discount, rep, channel);

        if (!_p.EverOrdered)
        {
            _p.EverOrdered = true;
            _p.FirstOrder = date;
        }

        _p.LastOrder = date > _p.LastOrder ? date : _p.LastOrder;
        NoteActivity(date);

        var familyBit = 1 << product.Family;
        if ((_p.OwnedFamilies & familyBit) == 0 || winOpportunityDue)
        {
            WriteWonOpportunity(productIndex, date, amount);
            winOpportunityDue = false;
            if ((_p.OwnedFamilies & familyBit) == 0)
            {
                _p.OwnedFamilies |= familyBit;
                RecomputeProductWeights();
            }
        }

        if (_rng.Chance(ReturnShare))
        {
            var returned = date.AddDays(_rng.Next(7, 76));
            var limit = month < CutoffMonth ? _cutoffDate : _end;
            if (returned <= limit)
            {
                var returnedQuantity = 1 + _rng.Next((int)Math.Min(quantity, int.MaxValue - 1));
                WriteOrderLine("RT", ++_nextReturn, 8, productIndex, returned, -Math.Round(returnedQuantity * unitNet, 2), -returnedQuantity, discount, rep, channel);
            }
        }

        return winOpportunityDue;
    }

    private void WriteOrderLine(string prefix, long number, int digits, int productIndex, DateOnly date, double amount, double quantity, double discount, int? rep, int channel)
    {
        var w = _out.Orders;
        w.Id(prefix, number, digits);
        w.Id("A", _p.Index + 1, AccountIdDigits);
        w.Text(DemoCatalog.Products[productIndex].Id);
        w.Date(date);
        w.Number(amount, 2);
        w.Number(quantity, 0);
        w.Number(discount, 2);
        WriteRep(w, rep);
        w.Text(OrderChannels[channel]);
        w.EndRow();
    }

    private static void WriteRep(CsvRowWriter w, int? rep)
    {
        if (rep is { } number)
        {
            w.Id("R", number, DemoRep.IdDigits);
        }
        else
        {
            w.Empty();
        }
    }

    /// <summary>
    /// Product weights for the next line: products of owned families are rebought; a new family is
    /// pulled in by the account's hidden need for it times the cross-sell affinity of what it owns.
    /// </summary>
    private void RecomputeProductWeights()
    {
        var products = DemoCatalog.Products;
        var owned = _p.OwnedFamilies;
        for (var i = 0; i < products.Length; i++)
        {
            var product = products[i];
            var size = _p.Employees < 200 ? product.Small : _p.Employees < 2_000 ? product.Mid : product.Large;
            double family;
            if ((owned & (1 << product.Family)) != 0)
            {
                family = 1.0;
            }
            else if (owned == 0)
            {
                family = product.Family switch
                {
                    DemoCatalog.Core => 1.0,
                    DemoCatalog.Services => 0.05,
                    _ => 0.01,
                };
            }
            else
            {
                var pull = 0.01;
                for (var g = 0; g < DemoCatalog.Families.Length; g++)
                {
                    if ((owned & (1 << g)) != 0)
                    {
                        pull += DemoCatalog.Affinity[g, product.Family];
                    }
                }

                family = _need[product.Family] * pull * 0.5;
            }

            _productWeights[i] = product.BaseWeight * size * family;
        }
    }

    /// <summary>The family not yet owned that the account would most likely buy next.</summary>
    private string? NextBestFamily()
    {
        var best = -1;
        var bestPull = 0.0;
        for (var f = 0; f < DemoCatalog.Families.Length; f++)
        {
            if ((_p.OwnedFamilies & (1 << f)) != 0)
            {
                continue;
            }

            var pull = 0.01;
            for (var g = 0; g < DemoCatalog.Families.Length; g++)
            {
                if ((_p.OwnedFamilies & (1 << g)) != 0)
                {
                    pull += DemoCatalog.Affinity[g, f];
                }
            }

            var score = _p.OwnedFamilies == 0 ? (f == DemoCatalog.Core ? 1.0 : 0.0) : _need[f] * pull;
            if (score > bestPull)
            {
                bestPull = score;
                best = f;
            }
        }

        return best < 0 ? null : DemoCatalog.Families[best];
    }
}
