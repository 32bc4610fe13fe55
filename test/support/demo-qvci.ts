import type { DatabasePort } from '../../src/teradata/database.port.js';

/**
 * Turns QVCI on or off in the demo warehouse, as a DBA would on Teradata
 * (DBC.ColumnsJQV then answers error 9719 until it is on again). A test's
 * lever on the emulation: the service itself never changes the setting.
 */
export async function setDemoQvci(port: DatabasePort, enabled: boolean): Promise<void> {
  await port.execute('UPDATE DBC.QvciSwitch SET Enabled = ?', [enabled]);
}
