// Recent meetings, in main's sealed storage (issue 16 item 5): the invite links hold room
// secrets, so they are sealed under the vault key like the keystore and the known identities,
// never in the renderer's localStorage. Written only when the person opted in (the renderer asks
// only then); forgetting one rewrites the file with a backup of the new version, so a forgotten
// link survives in no `.prev`; forgetting all deletes the file and its backup.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { forgetMeeting, rememberMeeting, validRecentMeetings } from '../../protocol/room/recent-meetings';
import type { RecentMeeting } from '../../protocol/room/recent-meetings';
import { backupPathOf } from '../storage/atomic-file';
import { SealedJsonFile } from '../vault/sealed-json-file';
import type { Vault } from '../vault/vault';

export const RECENT_MEETINGS_FILE = 'recent-meetings.sealed';

export class RecentMeetings {
  private readonly file: SealedJsonFile;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly vault: () => Promise<Vault>,
  ) {
    this.file = new SealedJsonFile(path.join(dataDir, RECENT_MEETINGS_FILE), 'recent meetings', 'new-version');
  }

  list(): Promise<RecentMeeting[]> {
    return this.exclusive(() => this.load());
  }

  remember(inviteLink: string, at: number): Promise<RecentMeeting[]> {
    return this.exclusive(async () => this.save(rememberMeeting(await this.load(), inviteLink, at)));
  }

  forget(inviteLink: string): Promise<RecentMeeting[]> {
    return this.exclusive(async () => this.save(forgetMeeting(await this.load(), inviteLink)));
  }

  forgetAll(): Promise<RecentMeeting[]> {
    return this.exclusive(async () => {
      await Promise.all([this.file.file, backupPathOf(this.file.file)].map((file) => rm(file, { force: true })));
      return [];
    });
  }

  private async load(): Promise<RecentMeeting[]> {
    const read = await this.file.read(await this.vault());
    // A convenience list: a damaged file counts as empty and is replaced by the next write.
    return read.kind === 'ok' ? validRecentMeetings(read.value) : [];
  }

  private async save(list: RecentMeeting[]): Promise<RecentMeeting[]> {
    await this.file.write(await this.vault(), list);
    return list;
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }
}
