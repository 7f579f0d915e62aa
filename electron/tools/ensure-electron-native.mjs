#!/usr/bin/env node
// Before `npm start`: build the Electron-ABI better-sqlite3 once if it is missing.
import { existsSync, readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { join } from 'node:path';

const abi = readFileSync(join(process.cwd(), 'node_modules/electron/abi_version'), 'utf8').trim();
const binary = join(process.cwd(), '.native', `electron-abi-${abi}`, 'better_sqlite3.node');
if (!existsSync(binary)) execSync('npm run rebuild:electron', { stdio: 'inherit' });
