/**
 * Cost per dependency: every component priced from the profile's `prices` table (its own
 * price, else the default), a subtotal, the profile's tax percentage, and the total. Sums are
 * rounded to cents so that 0.1 + 0.2 prints as 0.3.
 */
import type { Prices } from '../hardening/profile';
import type { Invoice } from './compare-report';

const cents = (value: number): number => Math.round(value * 100) / 100;

export function priceOf(component: string, prices: Prices): number {
  return Object.hasOwn(prices.packages, component) ? prices.packages[component] : prices.default;
}

/** One line per distinct component, sorted by name. */
export function invoice(components: Iterable<string>, prices: Prices): Invoice {
  const lines = [...new Set(components)]
    .sort()
    .map((component) => ({ component, price: priceOf(component, prices) }));
  const subtotal = cents(lines.reduce((sum, line) => sum + line.price, 0));
  const tax = cents((subtotal * prices.tax) / 100);
  return { lines, subtotal, taxPercent: prices.tax, tax, total: cents(subtotal + tax) };
}
