#!/usr/bin/env node
// `npm start`: the local runtime, from the TypeScript sources through tsx.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { register } = await import('tsx/esm/api');
register();
await import('../local/start.ts');
