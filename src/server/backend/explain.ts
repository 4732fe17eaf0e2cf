// One paragraph for a failed GPU probe: what broke (driver vs toolkit, a missing library, a
// crash), and the fix (the driver to install, or the backend to use instead).

export function explainProbeFailure(
  backend: string,
  exit: { code: number | null; signal: NodeJS.Signals | null; output: string },
): string {
  const { output } = exit;
  const tail = lastLines(output, 3);
  if (/PTX was compiled with an unsupported toolchain|unsupported PTX version/i.test(output))
    return (
      `The ${backend} binary holds GPU code built with a newer CUDA toolkit than this NVIDIA driver supports ` +
      '(only PTX for this GPU, which the driver cannot compile). Fix: install a driver for that CUDA ' +
      'version (CUDA 13.1 builds: the R590 series or later), use the pinned node-llama-cpp whose binary holds ' +
      'native code for this GPU (docs/server.md, "Supported drivers"), or use --gpu vulkan or --gpu false. ' +
      `Detail: ${tail}`
    );
  if (/CUDA driver version is insufficient|cudaErrorInsufficientDriver/i.test(output))
    return (
      `The NVIDIA driver is older than the CUDA runtime of the ${backend} binary. Fix: update the driver ` +
      '(see docs/server.md, "Supported drivers"), or use --gpu vulkan or --gpu false. ' +
      `Detail: ${tail}`
    );
  const missing =
    /(lib[\w.+-]+\.so(?:\.[\d.]+)?): cannot open shared object file|loading shared libraries: (\S+?):?\s/.exec(output);
  if (missing)
    return (
      `The ${backend} binary needs ${missing[1] ?? missing[2]}, which is not installed. Fix: install the ` +
      `library (the CUDA runtime for cuda, the Vulkan loader for vulkan) or use another backend. Detail: ${tail}`
    );
  if (/no CUDA-capable device|no usable GPU found|ErrorDeviceLost|vk::|No Vulkan devices/i.test(output))
    return (
      `No ${backend} device is usable on this machine. Use another backend (--gpu false for the CPU). ` +
      `Detail: ${tail}`
    );
  if (/NoBinaryFoundError|not supported|could not find a binary|Failed to load|gpu.*not available/i.test(output))
    return (
      `node-llama-cpp has no working ${backend} binary here (the prebuilt package is missing or cannot load). ` +
      `Run "chatproof doctor" to see which binaries are installed. Detail: ${tail}`
    );
  if (exit.signal)
    return (
      `The ${backend} probe crashed (${exit.signal}) while loading a tiny model or decoding its first tokens: ` +
      `the binary, driver or GPU is broken for this build. Use another backend. Detail: ${tail || '(no output)'}`
    );
  return `The ${backend} probe failed (exit ${exit.code}). Detail: ${tail || '(no output)'}`;
}

function lastLines(text: string, n: number): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-n)
    .join(' | ')
    .slice(0, 600);
}
