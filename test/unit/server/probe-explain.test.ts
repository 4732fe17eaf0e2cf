// A failed probe's output becomes one paragraph: cause and fix.
import t from 'tap';
import { explainProbeFailure } from '../../../src/server/backend/explain.js';

t.test('a CUDA binary with PTX newer than the driver: update the driver or use vulkan', async (t) => {
  const text = explainProbeFailure('cuda', {
    code: null,
    signal: 'SIGABRT',
    output:
      'ggml_cuda_kernel_can_use_pdl\nCUDA error: the provided PTX was compiled with an unsupported toolchain.\n' +
      '  current device: 0, in function ggml_cuda_op_mul_mat',
  });
  t.match(text, /newer CUDA toolkit than this NVIDIA driver supports/);
  t.match(text, /R590 series/);
  t.match(text, /--gpu vulkan or --gpu false/);
});

t.test('a missing runtime library is named', async (t) => {
  const text = explainProbeFailure('cuda', {
    code: 1,
    signal: null,
    output: 'Error: libcudart.so.12: cannot open shared object file: No such file or directory',
  });
  t.match(text, /needs libcudart\.so\.12, which is not installed/);
});

t.test('an old driver, and an unknown crash', async (t) => {
  t.match(
    explainProbeFailure('cuda', {
      code: 1,
      signal: null,
      output: 'CUDA driver version is insufficient for CUDA runtime',
    }),
    /driver is older than the CUDA runtime/,
  );
  t.match(explainProbeFailure('vulkan', { code: null, signal: 'SIGSEGV', output: '' }), /crashed \(SIGSEGV\)/);
  t.match(explainProbeFailure('vulkan', { code: 3, signal: null, output: 'odd' }), /failed \(exit 3\)\. Detail: odd/);
});
