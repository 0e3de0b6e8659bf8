// The launcher's public surface: test provisioning, `newsflow up` and the infra CLI use these.
export { stackDown, stackStatus, stackUp } from './stack.ts';
export { loadLauncherConfig } from './launcher-config.ts';
export { LauncherError } from './launcher-error.ts';
export { dropLease, liveLeases, takeLease } from './stack-lease.ts';
