import { buildAppConfig, type AppConfig } from './app-config.js';
import { ConfigValidationError, loadConfig, readConfigInputs } from './config.loader.js';

/**
 * Loads and validates configuration before Nest starts. An invalid value
 * stops the process with one readable message listing every problem (never a
 * secret's value) and exit code 78 (EX_CONFIG).
 */
export function loadConfigOrExit(): AppConfig {
  try {
    const config = buildAppConfig(loadConfig(readConfigInputs()));
    for (const warning of config.warnings) process.stderr.write(`WARN config: ${warning}\n`);
    return config;
  } catch (err) {
    if (err instanceof ConfigValidationError) {
      for (const warning of err.warnings) process.stderr.write(`WARN config: ${warning}\n`);
      process.stderr.write(`${err.message}\nFix these values (see .env.example and docs/operations_guide.md#configuration), then start again.\n`);
      process.exit(78);
    }
    throw err;
  }
}
