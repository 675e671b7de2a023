import { expect, it } from 'vitest';
import { redisService, serviceSuite } from './services.js';

await serviceSuite(redisService, 'testkit redis probe', (url) => {
  it('connects to the advertised URL', () => {
    expect(url).toMatch(/^redis:\/\//);
  });
});
