;; The SSE hot path over a read held as UTF-16 code units (src/client/unit-mirror.ts): finds the
;; run of events that are one "data:" line fitting the learnt chunk template (prefix, a body
;; without '"', '\' or control characters, suffix) followed by a blank line, and writes each
;; one's body range. V8 compares strings about one character at a time; this compares 16 bytes
;; per step (compares and unit loads written out inline: V8 does not inline wasm calls). Anything else (another chunk, an escape, an event not complete in the read) ends
;; the run, and JavaScript takes that event the ordinary, exact way.
;; Rebuild the embedded copy with `npm run build:wasm` (test/client-wasm.test.ts checks it).
(module
  (memory (export "memory") 2)

  ;; From unit $pos (a line start) of the read ($len units at byte address $read), the events
  ;; fitting the template ($plen prefix units at $prefix, $slen suffix units at $suffix), at
  ;; most $max. For event k, four i32 at $out + 16k: body start, body end, next line start, and
  ;; 1 when the body has a unit >= 0x80.
  ;; Returns how many were found.
  (func (export "scan")
    (param $read i32) (param $len i32) (param $pos i32)
    (param $prefix i32) (param $plen i32) (param $suffix i32) (param $slen i32)
    (param $out i32) (param $max i32) (result i32)
    (local $count i32) (local $from i32) (local $i i32) (local $c i32) (local $end i32) (local $next i32)
    (local $a i32) (local $b i32) (local $n i32) (local $high i32)
    (block $stop
      (loop $event
        (br_if $stop (i32.ge_u (local.get $count) (local.get $max)))
        ;; "data:" and at least one more unit.
        (br_if $stop (i32.ge_u (i32.add (local.get $pos) (i32.const 5)) (local.get $len)))
        (br_if $stop (i32.ne (i32.load16_u align=1 (i32.add (local.get $read) (i32.shl (local.get $pos) (i32.const 1)))) (i32.const 100)))
        (br_if $stop (i32.ne (i32.load16_u align=1 (i32.add (local.get $read) (i32.shl (i32.add (local.get $pos) (i32.const 1)) (i32.const 1)))) (i32.const 97)))
        (br_if $stop (i32.ne (i32.load16_u align=1 (i32.add (local.get $read) (i32.shl (i32.add (local.get $pos) (i32.const 2)) (i32.const 1)))) (i32.const 116)))
        (br_if $stop (i32.ne (i32.load16_u align=1 (i32.add (local.get $read) (i32.shl (i32.add (local.get $pos) (i32.const 3)) (i32.const 1)))) (i32.const 97)))
        (br_if $stop (i32.ne (i32.load16_u align=1 (i32.add (local.get $read) (i32.shl (i32.add (local.get $pos) (i32.const 4)) (i32.const 1)))) (i32.const 58)))
        ;; One optional space after the colon.
        (local.set $from (i32.add (local.get $pos) (i32.const 5)))
        (if (i32.eq (i32.load16_u align=1 (i32.add (local.get $read) (i32.shl (local.get $from) (i32.const 1)))) (i32.const 32))
          (then (local.set $from (i32.add (local.get $from) (i32.const 1)))))
        ;; The prefix.
        (local.set $i (i32.add (local.get $from) (local.get $plen)))
        (br_if $stop (i32.gt_u (local.get $i) (local.get $len)))
        (local.set $a (i32.add (local.get $read) (i32.shl (local.get $from) (i32.const 1))))
        (local.set $b (local.get $prefix))
        (local.set $n (i32.shl (local.get $plen) (i32.const 1)))
        (block $units_prefix
          (loop $wide_prefix
            (br_if $units_prefix (i32.lt_u (local.get $n) (i32.const 16)))
            (br_if $stop (v128.any_true (v128.xor (v128.load align=1 (local.get $a)) (v128.load align=1 (local.get $b)))))
            (local.set $a (i32.add (local.get $a) (i32.const 16)))
            (local.set $b (i32.add (local.get $b) (i32.const 16)))
            (local.set $n (i32.sub (local.get $n) (i32.const 16)))
            (br $wide_prefix)))
        (block $done_prefix
          (loop $unit_prefix
            (br_if $done_prefix (i32.lt_u (local.get $n) (i32.const 2)))
            (br_if $stop (i32.ne (i32.load16_u align=1 (local.get $a)) (i32.load16_u align=1 (local.get $b))))
            (local.set $a (i32.add (local.get $a) (i32.const 2)))
            (local.set $b (i32.add (local.get $b) (i32.const 2)))
            (local.set $n (i32.sub (local.get $n) (i32.const 2)))
            (br $unit_prefix)))
        ;; The body runs to the first '"'; a '\' or control character ends the run. $high
        ;; collects its units: in byte text (latin1), one >= 0x80 means UTF-8 to decode.
        (local.set $high (i32.const 0))
        (block $body_end
          (loop $body
            (br_if $stop (i32.ge_u (local.get $i) (local.get $len)))
            (local.set $c (i32.load16_u align=1 (i32.add (local.get $read) (i32.shl (local.get $i) (i32.const 1)))))
            (br_if $body_end (i32.eq (local.get $c) (i32.const 34)))
            (br_if $stop (i32.or (i32.eq (local.get $c) (i32.const 92)) (i32.lt_u (local.get $c) (i32.const 32))))
            (local.set $high (i32.or (local.get $high) (local.get $c)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $body)))
        ;; The suffix, then the line end ("\n" or "\r\n"), then a blank line ("\n" or "\r\n").
        (local.set $end (i32.add (local.get $i) (local.get $slen)))
        (br_if $stop (i32.gt_u (local.get $end) (local.get $len)))
        (local.set $a (i32.add (local.get $read) (i32.shl (local.get $i) (i32.const 1))))
        (local.set $b (local.get $suffix))
        (local.set $n (i32.shl (local.get $slen) (i32.const 1)))
        (block $units_suffix
          (loop $wide_suffix
            (br_if $units_suffix (i32.lt_u (local.get $n) (i32.const 16)))
            (br_if $stop (v128.any_true (v128.xor (v128.load align=1 (local.get $a)) (v128.load align=1 (local.get $b)))))
            (local.set $a (i32.add (local.get $a) (i32.const 16)))
            (local.set $b (i32.add (local.get $b) (i32.const 16)))
            (local.set $n (i32.sub (local.get $n) (i32.const 16)))
            (br $wide_suffix)))
        (block $done_suffix
          (loop $unit_suffix
            (br_if $done_suffix (i32.lt_u (local.get $n) (i32.const 2)))
            (br_if $stop (i32.ne (i32.load16_u align=1 (local.get $a)) (i32.load16_u align=1 (local.get $b))))
            (local.set $a (i32.add (local.get $a) (i32.const 2)))
            (local.set $b (i32.add (local.get $b) (i32.const 2)))
            (local.set $n (i32.sub (local.get $n) (i32.const 2)))
            (br $unit_suffix)))
        (br_if $stop (i32.ge_u (local.get $end) (local.get $len)))
        (local.set $c (i32.load16_u align=1 (i32.add (local.get $read) (i32.shl (local.get $end) (i32.const 1)))))
        (if (i32.eq (local.get $c) (i32.const 13))
          (then
            (local.set $end (i32.add (local.get $end) (i32.const 1)))
            (br_if $stop (i32.ge_u (local.get $end) (local.get $len)))
            (local.set $c (i32.load16_u align=1 (i32.add (local.get $read) (i32.shl (local.get $end) (i32.const 1)))))))
        (br_if $stop (i32.ne (local.get $c) (i32.const 10)))
        (local.set $next (i32.add (local.get $end) (i32.const 1)))
        (br_if $stop (i32.ge_u (local.get $next) (local.get $len)))
        (local.set $c (i32.load16_u align=1 (i32.add (local.get $read) (i32.shl (local.get $next) (i32.const 1)))))
        (if (i32.eq (local.get $c) (i32.const 13))
          (then
            (local.set $next (i32.add (local.get $next) (i32.const 1)))
            (br_if $stop (i32.ge_u (local.get $next) (local.get $len)))
            (local.set $c (i32.load16_u align=1 (i32.add (local.get $read) (i32.shl (local.get $next) (i32.const 1)))))))
        (br_if $stop (i32.ne (local.get $c) (i32.const 10)))
        (local.set $next (i32.add (local.get $next) (i32.const 1)))
        ;; Found: body [from + plen, i), next line at $next.
        (i32.store (local.get $out) (i32.add (local.get $from) (local.get $plen)))
        (i32.store offset=4 (local.get $out) (local.get $i))
        (i32.store offset=8 (local.get $out) (local.get $next))
        (i32.store offset=12 (local.get $out) (i32.ge_u (local.get $high) (i32.const 128)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $count (i32.add (local.get $count) (i32.const 1)))
        (local.set $pos (local.get $next))
        (br $event)))
    (local.get $count)))
