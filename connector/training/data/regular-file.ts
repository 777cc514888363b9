import { constants, type Stats } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';

const kind = (s: Stats): string =>
  s.isFIFO()
    ? 'a FIFO (named pipe)'
    : s.isCharacterDevice()
      ? 'a character device'
      : s.isBlockDevice()
        ? 'a block device'
        : s.isDirectory()
          ? 'a directory'
          : s.isSocket()
            ? 'a socket'
            : 'not a regular file';

const notRegular = (path: string, s: Stats) => new Error(`${path} is ${kind(s)}, not a regular file: own data must be a regular file`);

/**
 * Refuses a path that is not a regular file once symbolic links are followed: a FIFO would block the thread that
 * opens it and a device (`/dev/zero`) never ends. For files another library opens by path (SQLite).
 */
export async function checkRegularFile(path: string): Promise<void> {
  const info = await stat(path);
  if (!info.isFile()) throw notRegular(path, info);
}

/**
 * Opens a regular file for reading: the path is checked first, then opened non-blocking (a FIFO put there in
 * between cannot block the open) and the open descriptor checked again, so what is read is the file checked.
 */
export async function openRegularFile(path: string): Promise<FileHandle> {
  await checkRegularFile(path);
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw notRegular(path, info);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Reads a small regular file as text (a secret file), refusing one above `maxBytes`. */
export async function readSmallRegularFile(path: string, maxBytes: number): Promise<string> {
  const handle = await openRegularFile(path);
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw new Error(`${path} holds ${size} bytes, more than the ${maxBytes} a secret file may hold`);
    const buffer = Buffer.alloc(size);
    const { bytesRead } = await handle.read(buffer, 0, size, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
