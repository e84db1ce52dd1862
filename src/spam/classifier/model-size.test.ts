import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { SHIPPED_MODEL } from './model.ts';

// The budget: the model ships in the package and loads at every start. Kept out of
// model.test.ts, which retrains the model to compare it, so the budget is cheap to check.
const BUDGET = 2_000_000;

test('the committed model file is at most 2 MB', () => {
  const size = statSync(SHIPPED_MODEL).size;
  assert.ok(size > 0);
  assert.ok(size <= BUDGET, `${SHIPPED_MODEL} is ${size} bytes, over the ${BUDGET} of the budget`);
});
