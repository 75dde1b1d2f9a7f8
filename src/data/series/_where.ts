/** `file: key` for error messages, or just `key` when no config file is known. */
export function configKey(file: string | undefined, key: string): string {
  return file ? `${file}: ${key}` : key;
}
