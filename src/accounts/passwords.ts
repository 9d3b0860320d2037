import { hash, verify } from "@node-rs/argon2";
import { PlazaError } from "../errors.ts";

// argon2id (the library's default algorithm) with OWASP's minimum: 19 MiB, 2 passes, 1 lane.
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const minimumPasswordLength = 10;

export function validatePassword(password: string): void {
  if (password.length < minimumPasswordLength) {
    throw new PlazaError("invalid", `A password needs at least ${minimumPasswordLength} characters.`, "password");
  }
  if (password.length > 1024) {
    throw new PlazaError("invalid", "A password may have at most 1024 characters.", "password");
  }
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
