// chatproof doctor: usage and options.
export const DOCTOR_HELP = `Usage: chatproof doctor [--gpu auto|cuda|vulkan|false] [--json]

Checks what the bundled server can run on: the machine (CPU, memory, NVIDIA driver), the
node-llama-cpp binaries installed (llama.cpp release, GPU build), the backends node-llama-cpp
considers usable, and a probe of each: a child process loads a tiny generated model on that
backend and decodes a few tokens. A backend that crashes, lacks a library or needs a newer
driver is explained in one paragraph with the fix. No network is used.

Options:
  --gpu <backend>   probe only this backend (default auto: cuda, vulkan where usable, and the CPU)
  --json            print the findings as JSON
  --help, -h        this text

Exit codes: 0 the backend asked for (or, with auto, at least the CPU) works · 2 usage error ·
5 the backend asked for fails its probe
`;
