// A test file's world (Vigie with simulator cameras and one session per role, access-world.ts) and its Chromium,
// started before the file's tests and closed after them: what every console test of the requisitions, access
// requests and viewing room otherwise wrote again.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { startAccessWorld, type AccessWorld, type AccessWorldOptions } from './access-world.js';
import { launchBrowser, type TestBrowser } from './browser.js';

export interface BrowserWorld {
  readonly world: AccessWorld;
  readonly browser: TestBrowser;
}

/** Registers the file's before/after hooks; read `world` and `browser` inside the tests, once they are started. */
export function useBrowserWorld(options: AccessWorldOptions = { dialect: 'sqlite' }): BrowserWorld {
  let world: AccessWorld | undefined;
  let browser: TestBrowser | undefined;
  before(async () => {
    try {
      world = await startAccessWorld(options);
      browser = await launchBrowser();
    } catch (error) {
      console.error('setup failed', error);
      throw error;
    }
  });
  after(async () => {
    await browser?.close();
    await world?.close();
  });
  return {
    get world() {
      assert.ok(world !== undefined, 'the world is started before the tests');
      return world;
    },
    get browser() {
      assert.ok(browser !== undefined, 'Chromium is started before the tests');
      return browser;
    },
  };
}
