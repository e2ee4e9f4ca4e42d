#!/usr/bin/env node
// The `urbsim` bin: register the TypeScript loader, then run the CLI.
import { register } from 'tsx/esm/api';

register();
await import('./urbsim.ts');
