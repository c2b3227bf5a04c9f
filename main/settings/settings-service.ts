// The user's settings file (settings.json in the data folder, written atomically) combined
// with the admin policy into effective settings.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { EffectiveSettings, SettingsValues, UserSettingKey } from '../../protocol/ipc-contract';
import { IpcRefusal } from '../ipc/dispatch';
import type { PolicyService } from '../policy/policy-service';
import { folderProblem } from '../recording/recording-folders';
import { writeFileAtomic } from '../storage/atomic-file';
import { relayAllowed } from '../../protocol/room/relay-address';
import { effectiveSettings } from './effective';
import { userSettingsFromJson } from './settings-schema';

export const SETTINGS_FILE = 'settings.json';
type UserSettings = Partial<Pick<SettingsValues, UserSettingKey>>;

export class SettingsService {
  private user: Promise<UserSettings>;
  private readonly file: string;
  private readonly listeners = new Set<() => void>();

  constructor(
    dataDir: string,
    private readonly policy: PolicyService,
  ) {
    this.file = path.join(dataDir, SETTINGS_FILE);
    this.user = this.load();
  }

  async effective(): Promise<EffectiveSettings> {
    return effectiveSettings((await this.policy.current()).values, await this.user);
  }

  /** Applies a validated patch; refuses keys the policy locks and relays it does not allow. */
  async update(patch: UserSettings): Promise<EffectiveSettings> {
    const { values: policy } = await this.policy.current();
    const locked = Object.keys(patch).filter((k) => Object.hasOwn(policy, k));
    if (locked.length > 0) throw new IpcRefusal('locked-by-policy', `Managed by your organisation: ${locked.join(', ')}`);
    if (patch.hostOnLocalNetwork === true && (await this.effective()).hostOnLocalNetwork.lockedBy === 'policy') {
      throw new IpcRefusal('locked-by-policy', 'Managed by your organisation: hostOnLocalNetwork (meetings use the organisation\'s relay)');
    }
    if (patch.relayUrl && policy.allowedRelays && !relayAllowed(patch.relayUrl, policy.allowedRelays)) {
      throw new IpcRefusal('relay-not-allowed', 'Your organisation does not allow this relay');
    }
    if (typeof patch.recordingFolder === 'string') {
      // The same check the recorder makes: an unusable folder is refused now, not at the first recording.
      const problem = await folderProblem(patch.recordingFolder);
      if (problem) throw new IpcRefusal('folder-not-writable', problem);
    }
    const next = { ...(await this.user), ...patch };
    await writeFileAtomic(this.file, new TextEncoder().encode(`${JSON.stringify(next, null, 2)}\n`), { keepBackup: false });
    this.user = Promise.resolve(next);
    this.changed();
    return this.effective();
  }

  /** Called after the person's settings changed (policy changes come from PolicyService.onChange). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets the in-memory settings (after erase-everything). */
  reset(): void {
    this.user = Promise.resolve({});
    this.changed();
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private async load(): Promise<UserSettings> {
    try {
      return userSettingsFromJson(JSON.parse(await readFile(this.file, 'utf8')));
    } catch {
      // Missing or unreadable settings fall back to defaults; they hold no secrets.
      return {};
    }
  }
}
