/** A Bolt-shaped logger that writes nothing, for tests of parts that log as they go. */
import type { Logger } from '../../src/slack/logger.js';

export const quiet: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => 'info' as never,
  setName() {},
};
