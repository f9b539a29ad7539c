export * from './keyring';
export * from './signature-entries';
export * from './verdict';
export * from './verify-signed-file';
