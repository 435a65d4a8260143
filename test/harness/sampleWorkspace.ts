// The sample workspace `npm start` opens (and the demo-mode end-to-end test uses): a little
// TypeScript and Python with functions and classes to select and ask about.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A small project to try Codewright on; rewritten on every start, other files are left alone. */
export const SAMPLE_FILES: Record<string, string> = {
  'README.md': `# Codewright sample workspace

Try it:
1. Open \`src/inventory.ts\`, select the \`restock\` method, run **Codewright: Explain Selection**
   (Command Palette: F1).
2. Open the Codewright panel from the activity bar and ask a follow-up question.
`,
  'src/inventory.ts': `export interface Item {
  sku: string;
  name: string;
  quantity: number;
  reorderLevel: number;
}

export class Inventory {
  private readonly items = new Map<string, Item>();

  add(item: Item): void {
    if (this.items.has(item.sku)) throw new Error(\`duplicate SKU \${item.sku}\`);
    this.items.set(item.sku, { ...item });
  }

  remove(sku: string, quantity: number): number {
    const item = this.items.get(sku);
    if (!item) throw new Error(\`unknown SKU \${sku}\`);
    const taken = Math.min(quantity, item.quantity);
    item.quantity -= taken;
    return taken;
  }

  /** Items at or below their reorder level, fullest shortfall first. */
  restock(): Item[] {
    return [...this.items.values()]
      .filter((item) => item.quantity <= item.reorderLevel)
      .sort((a, b) => (a.quantity - a.reorderLevel) - (b.quantity - b.reorderLevel));
  }
}
`,
  'src/pricing.ts': `export type Cents = number;

export function applyDiscount(price: Cents, percent: number): Cents {
  if (percent < 0 || percent > 100) throw new RangeError('percent must be within 0..100');
  return Math.round(price * (1 - percent / 100));
}

export function total(lines: { price: Cents; quantity: number }[]): Cents {
  return lines.reduce((sum, line) => sum + line.price * line.quantity, 0);
}
`,
  'scripts/report.py': `"""Prints a stock report from a CSV file with columns sku,name,quantity,reorder_level."""
import csv
import sys
from dataclasses import dataclass


@dataclass
class Row:
    sku: str
    name: str
    quantity: int
    reorder_level: int

    @property
    def needs_restock(self) -> bool:
        return self.quantity <= self.reorder_level


def read_rows(path: str) -> list[Row]:
    with open(path, newline="") as handle:
        return [Row(r["sku"], r["name"], int(r["quantity"]), int(r["reorder_level"])) for r in csv.DictReader(handle)]


def main() -> None:
    for row in read_rows(sys.argv[1]):
        flag = "RESTOCK" if row.needs_restock else "ok"
        print(f"{row.sku:<10} {row.name:<24} {row.quantity:>5}  {flag}")


if __name__ == "__main__":
    main()
`,
};

export function writeSampleWorkspace(dir: string): void {
  for (const [relPath, text] of Object.entries(SAMPLE_FILES)) {
    mkdirSync(dirname(join(dir, relPath)), { recursive: true });
    writeFileSync(join(dir, relPath), text);
  }
}
