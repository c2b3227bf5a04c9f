import type { RoomBackend } from './backend';
import type { RelayLogger } from './logger';
import type { RedisOptions } from './server';
export async function createRedisBackend(_o: RedisOptions, _l: RelayLogger): Promise<RoomBackend> {
  throw new Error('todo');
}
