import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import tls from "node:tls";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A throw-away certificate authority for one test run: every test server's certificate is signed by it. */
export interface TestCa {
  readonly dir: string;
  /** PEM file of the CA certificate, for NODE_EXTRA_CA_CERTS in the servers we start. */
  readonly certFile: string;
  issue(ip: string): Promise<{ certFile: string; keyFile: string }>;
}

let shared: Promise<TestCa> | undefined;

/** The CA of this test process, created on first use; this process trusts it from then on. */
export function testCa(): Promise<TestCa> {
  shared ??= createCa();
  return shared;
}

async function createCa(): Promise<TestCa> {
  const dir = await mkdtemp(path.join(tmpdir(), "plaza-ca-"));
  const caKey = path.join(dir, "ca.key");
  const certFile = path.join(dir, "ca.pem");
  await run("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
    "-keyout", caKey, "-out", certFile, "-days", "2", "-subj", "/CN=Plaza test CA"]);
  // Trust it in this process too, so that tests can fetch from the servers over HTTPS.
  tls.setDefaultCACertificates([...tls.getCACertificates("default"), await readFile(certFile, "utf8")]);
  return {
    dir,
    certFile,
    async issue(ip) {
      const keyFile = path.join(dir, `${ip}.key`);
      const csr = path.join(dir, `${ip}.csr`);
      const cert = path.join(dir, `${ip}.pem`);
      const ext = path.join(dir, `${ip}.ext`);
      await run("openssl", ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", keyFile, "-out", csr, "-subj", `/CN=${ip}`]);
      await writeFile(ext, `subjectAltName=IP:${ip}\n`);
      await run("openssl", ["x509", "-req", "-in", csr, "-CA", certFile, "-CAkey", caKey,
        // A random serial per certificate: a shared serial file races when servers start in parallel.
        "-set_serial", `0x${randomBytes(16).toString("hex")}`,
        "-out", cert, "-days", "2", "-extfile", ext]);
      return { certFile: cert, keyFile };
    },
  };
}
