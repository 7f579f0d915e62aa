/** The standard fixtures with the test main process's options settable per describe block (`test.use({ mainOptions: ... })`). */
import { test as base } from './fixtures';
import { startTestMain, type TestMain, type TestMainOptions } from './main-process';

export const test = base.extend<{ mainOptions: TestMainOptions; main: TestMain }>({
  mainOptions: [{}, { option: true }],
  main: async ({ mainOptions }, use) => {
    const main = await startTestMain(mainOptions);
    await use(main);
    await main.close();
  },
});
export { expect, shot } from './fixtures';
