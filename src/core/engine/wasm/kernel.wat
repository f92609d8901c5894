;; Crossfade top-k scan kernel (WebAssembly 2.0 + SIMD128 + shared memory).
;;
;; Assembled by wabt at build time (`npm run build:kernel`, scripts/build-kernel.ts) into kernel-wasm.ts.
;;
;; Memory layout is decided by the caller (storage.ts); every pointer below is a byte address in
;; the one shared memory, so worker threads instantiate this module over the same memory.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; dots: approximate integer dot products of int8 rows with an int16 query.
  ;;   q       query, stride int16 values (the int8 rows' padding columns are zero in both)
  ;;   rows    int8 matrix, row-major, `stride` bytes per row (stride is a multiple of 16)
  ;;   start   first row, a multiple of 4;  end: one past the last row
  ;;   allow   0 = every row, else a bitset (u32 words, bit r%32 of word r/32)
  ;;   out     i32 per row: out[r] = sum_j rows[r][j] * q[j] (exact integer arithmetic:
  ;;           |sum| <= 256 * 127 * 32767 < 2^31 for stride <= 256)
  ;; Rows are processed four at a time (rows past `end`, up to the next multiple of 4, are read and
  ;; written too: the caller pads storage to a multiple of 64 rows). A group of four rows whose
  ;; allow bits are all zero is skipped and its outputs are left untouched.
  ;; Per 16 columns and row: load 16 x i8, sign-extend the low and high halves to i16x8 and
  ;; multiply-add them with the query halves by i32x4.dot_i16x8_s (products of adjacent pairs
  ;; summed into i32 lanes).
  (func $dots (export "dots")
    (param $q i32) (param $rows i32) (param $stride i32) (param $start i32) (param $end i32)
    (param $allow i32) (param $out i32)
    (local $r i32) (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32)
    (local $qp i32) (local $qend i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $ql v128) (local $qh v128) (local $x v128)
    (local.set $qend
      (i32.add
        (local.get $q)
        (i32.shl
          (local.get $stride)
          (i32.const 1))))
    (local.set $r
      (local.get $start))
    (block $done
      (loop $group
        (br_if $done
          (i32.ge_u
            (local.get $r)
            (local.get $end)))
        (block $compute
          (br_if $compute
            (i32.eqz
              (local.get $allow)))
          ;; (allow[r >> 5] >>> (r & 31)) & 15: the group's four bits (wasm shifts mod 32)
          (br_if $compute
            (i32.and
              (i32.shr_u
                (i32.load
                  (i32.add
                    (local.get $allow)
                    (i32.and
                      (i32.shr_u
                        (local.get $r)
                        (i32.const 3))
                      (i32.const -4))))
                (local.get $r))
              (i32.const 15)))
          (local.set $r
            (i32.add
              (local.get $r)
              (i32.const 4)))
          (br $group))
        (local.set $p3
          (i32.add
            (local.tee $p2
              (i32.add
                (local.tee $p1
                  (i32.add
                    (local.tee $p0
                      (i32.add
                        (local.get $rows)
                        (i32.mul
                          (local.get $r)
                          (local.get $stride))))
                    (local.get $stride)))
                (local.get $stride)))
            (local.get $stride)))
        (local.set $a3
          (local.tee $a2
            (local.tee $a1
              (local.tee $a0
                (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)))))
        (local.set $qp
          (local.get $q))
        (loop $column
          (local.set $ql
            (v128.load
              (local.get $qp)))
          (local.set $qh
            (v128.load offset=16
              (local.get $qp)))
          (local.set $a0
            (i32x4.add
              (i32x4.add
                (local.get $a0)
                (i32x4.dot_i16x8_s
                  (i16x8.extend_low_i8x16_s
                    (local.tee $x
                      (v128.load
                        (local.get $p0))))
                  (local.get $ql)))
              (i32x4.dot_i16x8_s
                (i16x8.extend_high_i8x16_s
                  (local.get $x))
                (local.get $qh))))
          (local.set $a1
            (i32x4.add
              (i32x4.add
                (local.get $a1)
                (i32x4.dot_i16x8_s
                  (i16x8.extend_low_i8x16_s
                    (local.tee $x
                      (v128.load
                        (local.get $p1))))
                  (local.get $ql)))
              (i32x4.dot_i16x8_s
                (i16x8.extend_high_i8x16_s
                  (local.get $x))
                (local.get $qh))))
          (local.set $a2
            (i32x4.add
              (i32x4.add
                (local.get $a2)
                (i32x4.dot_i16x8_s
                  (i16x8.extend_low_i8x16_s
                    (local.tee $x
                      (v128.load
                        (local.get $p2))))
                  (local.get $ql)))
              (i32x4.dot_i16x8_s
                (i16x8.extend_high_i8x16_s
                  (local.get $x))
                (local.get $qh))))
          (local.set $a3
            (i32x4.add
              (i32x4.add
                (local.get $a3)
                (i32x4.dot_i16x8_s
                  (i16x8.extend_low_i8x16_s
                    (local.tee $x
                      (v128.load
                        (local.get $p3))))
                  (local.get $ql)))
              (i32x4.dot_i16x8_s
                (i16x8.extend_high_i8x16_s
                  (local.get $x))
                (local.get $qh))))
          (local.set $p0
            (i32.add
              (local.get $p0)
              (i32.const 16)))
          (local.set $p1
            (i32.add
              (local.get $p1)
              (i32.const 16)))
          (local.set $p2
            (i32.add
              (local.get $p2)
              (i32.const 16)))
          (local.set $p3
            (i32.add
              (local.get $p3)
              (i32.const 16)))
          (br_if $column
            (i32.lt_u
              (local.tee $qp
                (i32.add
                  (local.get $qp)
                  (i32.const 32)))
              (local.get $qend))))
        ;; Horizontal sums of the four accumulators into one vector (a transpose by shuffles):
        ;; ql = (a0[0]+a0[2], a1[0]+a1[2], a0[1]+a0[3], a1[1]+a1[3]), qh the same for a2, a3.
        (local.set $ql
          (i32x4.add
            (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
              (local.get $a0)
              (local.get $a1))
            (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31
              (local.get $a0)
              (local.get $a1))))
        (local.set $qh
          (i32x4.add
            (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
              (local.get $a2)
              (local.get $a3))
            (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31
              (local.get $a2)
              (local.get $a3))))
        ;; out[r .. r+3] = (sum a0, sum a1, sum a2, sum a3)
        (v128.store
          (i32.add
            (local.get $out)
            (i32.shl
              (local.get $r)
              (i32.const 2)))
          (i32x4.add
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
              (local.get $ql)
              (local.get $qh))
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31
              (local.get $ql)
              (local.get $qh))))
        (local.set $r
          (i32.add
            (local.get $r)
            (i32.const 4)))
        (br $group))))

  ;; scan: the dots of rows [start, end) (as in dots) fused with a conservative pre-filter, so only
  ;; rows that can still reach the top k leave the kernel. Returns n and writes n pairs
  ;; (row i32, dot i32) at cand; n <= end - start.
  ;;   scales, l1s, exs   per-row metadata from quantize (f32 per row, indexed by row)
  ;;   b, ey, bl1p        the query's scale, residual bound and b * L1(p) (see quantized.ts;
  ;;                      ey and bl1p rounded up to f32)
  ;;   segs, segStride    the rows' segment residual norms from quantize (segment-major)
  ;;   ys                 the query's per-segment norms ||b p_s|| (stride / 16 f32), rounded up
  ;;                      and widened by 1 + (stride / 16 + 2) * 2^-23, which covers the f32 sum
  ;;                      of the segment terms below (at most stride / 16 + 1 roundings)
  ;;   threshold          the caller's current k-th best lower bound, rounded down to f32
  ;;   skip               1: a group of four rows none of which is allowed is skipped; 0: every
  ;;                      group is computed and the allow bits only mask the output. The scan
  ;;                      streams the matrix from memory: skipping scattered groups breaks the
  ;;                      stream, so unless few rows are allowed (a few %) it costs more than the
  ;;                      dots it saves (at 15 % allowed, twice the time of computing every row)
  ;; A row is kept when hi' >= threshold, with (in f32)
  ;;   approx = f32(dot) * scale * b,   e = l1 * ey + min(ex * bl1p, sum_s segs[s] * ys[s]),
  ;;   hi'    = approx + e + 1e-5 * (1 + |approx| + e).
  ;; (the segment sum only for groups the cheap bound keeps; see ys for its rounding)
  ;; The caller's exact-selection bound (double precision) is hi = approx + e + 1e-6 (1 + |approx|
  ;; + e). The f32 evaluation errs by at most ~8 * 2^-24 (|approx| + e) < 5e-7 (|approx| + e),
  ;; far less than the extra 9e-6 (1 + |approx| + e), so hi' >= hi: a row this filter drops has
  ;; hi < threshold and could neither enter the top k nor raise its lower bound.
  (func $scan (export "scan")
    (param $q i32) (param $rows i32) (param $stride i32) (param $start i32) (param $end i32)
    (param $allow i32) (param $scales i32) (param $l1s i32) (param $exs i32) (param $cand i32)
    (param $b f32) (param $ey f32) (param $bl1p f32) (param $threshold f32) (param $skip i32)
    (param $segs i32) (param $segStride i32) (param $ys i32)
    (result i32)
    (local $sp i32) (local $yp i32) (local $yend i32) (local $e2 v128)
    (local $r i32) (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32)
    (local $qp i32) (local $qend i32) (local $n i32) (local $bits i32) (local $w i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $ql v128) (local $qh v128) (local $x v128)
    (local $vb v128) (local $vey v128) (local $vbl1p v128) (local $vt v128)
    (local $approx v128) (local $e v128) (local $mask v128)
    (local.set $vb
      (f32x4.splat
        (local.get $b)))
    (local.set $vey
      (f32x4.splat
        (local.get $ey)))
    (local.set $vbl1p
      (f32x4.splat
        (local.get $bl1p)))
    (local.set $vt
      (f32x4.splat
        (local.get $threshold)))
    (local.set $qend
      (i32.add
        (local.get $q)
        (i32.shl
          (local.get $stride)
          (i32.const 1))))
    (local.set $r
      (local.get $start))
    (block $done
      (loop $group
        (br_if $done
          (i32.ge_u
            (local.get $r)
            (local.get $end)))
        ;; bits: which of rows r..r+3 to consider (allowed, and before end)
        (local.set $bits
          (i32.const 15))
        (if
          (local.get $allow)
          (then
            (local.set $bits
              (i32.and
                (i32.shr_u
                  (i32.load
                    (i32.add
                      (local.get $allow)
                      (i32.and
                        (i32.shr_u
                          (local.get $r)
                          (i32.const 3))
                        (i32.const -4))))
                  (local.get $r))
                (i32.const 15)))))
        (if
          (i32.lt_u
            (local.tee $w
              (i32.sub
                (local.get $end)
                (local.get $r)))
            (i32.const 4))
          (then
            (local.set $bits
              (i32.and
                (local.get $bits)
                (i32.sub
                  (i32.shl
                    (i32.const 1)
                    (local.get $w))
                  (i32.const 1))))))
        (block $compute
          (br_if $compute
            (i32.or
              (local.get $bits)
              (i32.eqz
                (local.get $skip))))
          (local.set $r
            (i32.add
              (local.get $r)
              (i32.const 4)))
          (br $group))
        (local.set $p3
          (i32.add
            (local.tee $p2
              (i32.add
                (local.tee $p1
                  (i32.add
                    (local.tee $p0
                      (i32.add
                        (local.get $rows)
                        (i32.mul
                          (local.get $r)
                          (local.get $stride))))
                    (local.get $stride)))
                (local.get $stride)))
            (local.get $stride)))
        (local.set $a3
          (local.tee $a2
            (local.tee $a1
              (local.tee $a0
                (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)))))
        (local.set $qp
          (local.get $q))
        (loop $column
          (local.set $ql
            (v128.load
              (local.get $qp)))
          (local.set $qh
            (v128.load offset=16
              (local.get $qp)))
          (local.set $a0
            (i32x4.add
              (i32x4.add
                (local.get $a0)
                (i32x4.dot_i16x8_s
                  (i16x8.extend_low_i8x16_s
                    (local.tee $x
                      (v128.load
                        (local.get $p0))))
                  (local.get $ql)))
              (i32x4.dot_i16x8_s
                (i16x8.extend_high_i8x16_s
                  (local.get $x))
                (local.get $qh))))
          (local.set $a1
            (i32x4.add
              (i32x4.add
                (local.get $a1)
                (i32x4.dot_i16x8_s
                  (i16x8.extend_low_i8x16_s
                    (local.tee $x
                      (v128.load
                        (local.get $p1))))
                  (local.get $ql)))
              (i32x4.dot_i16x8_s
                (i16x8.extend_high_i8x16_s
                  (local.get $x))
                (local.get $qh))))
          (local.set $a2
            (i32x4.add
              (i32x4.add
                (local.get $a2)
                (i32x4.dot_i16x8_s
                  (i16x8.extend_low_i8x16_s
                    (local.tee $x
                      (v128.load
                        (local.get $p2))))
                  (local.get $ql)))
              (i32x4.dot_i16x8_s
                (i16x8.extend_high_i8x16_s
                  (local.get $x))
                (local.get $qh))))
          (local.set $a3
            (i32x4.add
              (i32x4.add
                (local.get $a3)
                (i32x4.dot_i16x8_s
                  (i16x8.extend_low_i8x16_s
                    (local.tee $x
                      (v128.load
                        (local.get $p3))))
                  (local.get $ql)))
              (i32x4.dot_i16x8_s
                (i16x8.extend_high_i8x16_s
                  (local.get $x))
                (local.get $qh))))
          (local.set $p0
            (i32.add
              (local.get $p0)
              (i32.const 16)))
          (local.set $p1
            (i32.add
              (local.get $p1)
              (i32.const 16)))
          (local.set $p2
            (i32.add
              (local.get $p2)
              (i32.const 16)))
          (local.set $p3
            (i32.add
              (local.get $p3)
              (i32.const 16)))
          (br_if $column
            (i32.lt_u
              (local.tee $qp
                (i32.add
                  (local.get $qp)
                  (i32.const 32)))
              (local.get $qend))))
        ;; Horizontal sums, as in dots
        (local.set $ql
          (i32x4.add
            (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
              (local.get $a0)
              (local.get $a1))
            (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31
              (local.get $a0)
              (local.get $a1))))
        (local.set $qh
          (i32x4.add
            (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
              (local.get $a2)
              (local.get $a3))
            (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31
              (local.get $a2)
              (local.get $a3))))
        (local.set $x
          (i32x4.add
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
              (local.get $ql)
              (local.get $qh))
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31
              (local.get $ql)
              (local.get $qh))))
        ;; w = r * 4: the byte offset of row r in the per-row f32 arrays
        (local.set $w
          (i32.shl
            (local.get $r)
            (i32.const 2)))
        ;; approx = f32(dot) * scale * b
        (local.set $approx
          (f32x4.mul
            (f32x4.mul
              (f32x4.convert_i32x4_s
                (local.get $x))
              (v128.load
                (i32.add
                  (local.get $scales)
                  (local.get $w))))
            (local.get $vb)))
        ;; e = l1 * ey + ex * bl1p
        (local.set $e
          (f32x4.add
            (f32x4.mul
              (v128.load
                (i32.add
                  (local.get $l1s)
                  (local.get $w)))
              (local.get $vey))
            (f32x4.mul
              (v128.load
                (i32.add
                  (local.get $exs)
                  (local.get $w)))
              (local.get $vbl1p))))
        ;; mask = (approx + e + 1e-5 * (1 + |approx| + e) >= threshold) & bits
        (if
          (v128.any_true
            (local.tee $mask
              (v128.and
                (f32x4.ge
                  (f32x4.add
                    (f32x4.add
                      (local.get $approx)
                      (local.get $e))
                    (f32x4.mul
                      (f32x4.add
                        (f32x4.add
                          (f32x4.abs
                            (local.get $approx))
                          (local.get $e))
                        (v128.const i32x4 0x3f800000 0x3f800000 0x3f800000 0x3f800000))
                      (v128.const i32x4 0x3727c5ac 0x3727c5ac 0x3727c5ac 0x3727c5ac)))
                  (local.get $vt))
                (i32x4.ne
                  (v128.and
                    (i32x4.splat
                      (local.get $bits))
                    (v128.const i32x4 0x00000001 0x00000002 0x00000004 0x00000008))
                  (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)))))
          (then
            ;; rows the cheap bound keeps: the segment bound e2 = l1 * ey + sum_s segs[s][r] * ys[s]
            ;; (Cauchy-Schwarz per 16 columns), often far tighter; e = min(e, e2)
            (local.set $e2
              (f32x4.mul
                (v128.load
                  (i32.add
                    (local.get $l1s)
                    (local.get $w)))
                (local.get $vey)))
            (local.set $sp
              (i32.add
                (local.get $segs)
                (local.get $w)))
            (local.set $yp
              (local.get $ys))
            (local.set $yend
              (i32.add
                (local.get $ys)
                (i32.shr_u
                  (local.get $stride)
                  (i32.const 2))))
            (loop $segment
              (local.set $e2
                (f32x4.add
                  (local.get $e2)
                  (f32x4.mul
                    (v128.load
                      (local.get $sp))
                    (v128.load32_splat
                      (local.get $yp)))))
              (local.set $sp
                (i32.add
                  (local.get $sp)
                  (local.get $segStride)))
              (br_if $segment
                (i32.lt_u
                  (local.tee $yp
                    (i32.add
                      (local.get $yp)
                      (i32.const 4)))
                  (local.get $yend))))
            (local.set $e
              (f32x4.pmin
                (local.get $e)
                (local.get $e2)))
            (if
              (v128.any_true
                (local.tee $mask
                  (v128.and
                    (f32x4.ge
                      (f32x4.add
                        (f32x4.add
                          (local.get $approx)
                          (local.get $e))
                        (f32x4.mul
                          (f32x4.add
                            (f32x4.add
                              (f32x4.abs
                                (local.get $approx))
                              (local.get $e))
                            (v128.const i32x4 0x3f800000 0x3f800000 0x3f800000 0x3f800000))
                          (v128.const i32x4 0x3727c5ac 0x3727c5ac 0x3727c5ac 0x3727c5ac)))
                      (local.get $vt))
                    (i32x4.ne
                      (v128.and
                        (i32x4.splat
                          (local.get $bits))
                        (v128.const i32x4 0x00000001 0x00000002 0x00000004 0x00000008))
                      (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)))))
              (then
                (if
                  (i32x4.extract_lane 0
                    (local.get $mask))
                  (then
                    (i32.store
                      (local.tee $w
                        (i32.add
                          (local.get $cand)
                          (i32.shl
                            (local.get $n)
                            (i32.const 3))))
                      (local.get $r))
                    (i32.store offset=4
                      (local.get $w)
                      (i32x4.extract_lane 0
                        (local.get $x)))
                    (local.set $n
                      (i32.add
                        (local.get $n)
                        (i32.const 1)))))
                (if
                  (i32x4.extract_lane 1
                    (local.get $mask))
                  (then
                    (i32.store
                      (local.tee $w
                        (i32.add
                          (local.get $cand)
                          (i32.shl
                            (local.get $n)
                            (i32.const 3))))
                      (i32.add
                        (local.get $r)
                        (i32.const 1)))
                    (i32.store offset=4
                      (local.get $w)
                      (i32x4.extract_lane 1
                        (local.get $x)))
                    (local.set $n
                      (i32.add
                        (local.get $n)
                        (i32.const 1)))))
                (if
                  (i32x4.extract_lane 2
                    (local.get $mask))
                  (then
                    (i32.store
                      (local.tee $w
                        (i32.add
                          (local.get $cand)
                          (i32.shl
                            (local.get $n)
                            (i32.const 3))))
                      (i32.add
                        (local.get $r)
                        (i32.const 2)))
                    (i32.store offset=4
                      (local.get $w)
                      (i32x4.extract_lane 2
                        (local.get $x)))
                    (local.set $n
                      (i32.add
                        (local.get $n)
                        (i32.const 1)))))
                (if
                  (i32x4.extract_lane 3
                    (local.get $mask))
                  (then
                    (i32.store
                      (local.tee $w
                        (i32.add
                          (local.get $cand)
                          (i32.shl
                            (local.get $n)
                            (i32.const 3))))
                      (i32.add
                        (local.get $r)
                        (i32.const 3)))
                    (i32.store offset=4
                      (local.get $w)
                      (i32x4.extract_lane 3
                        (local.get $x)))
                    (local.set $n
                      (i32.add
                        (local.get $n)
                        (i32.const 1)))))))))
        (local.set $r
          (i32.add
            (local.get $r)
            (i32.const 4)))
        (br $group)))
    (local.get $n))

  ;; exact: the exact scores (exact.ts's definition, bit for bit) of a list of rows.
  ;;   q       the normalised float32 query (dims values)
  ;;   floats  float32 matrix, row-major, dims values per row
  ;;   rows    i32 row numbers, n of them
  ;;   out     f32 per listed row: out[i] = score of rows[i]
  ;; exact.ts accumulates the products (exact in double: 24-bit mantissas) in four interleaved
  ;; double sums s0..s3 (column j into s[j mod 4], the remainder columns into s0), then rounds
  ;; (s0 + s1) + (s2 + s3) to float32. Here s0, s1 are the lanes of one f64x2 and s2, s3 of
  ;; another, fed the same products in the same order, so every addition is the same IEEE
  ;; operation and the result is the same float32.
  (func $exact (export "exact")
    (param $q i32) (param $floats i32) (param $dims i32) (param $rows i32) (param $n i32) (param $out i32)
    (local $i i32) (local $p i32) (local $j i32) (local $end4 i32) (local $rowBytes i32)
    (local $s01 v128) (local $s23 v128) (local $x v128) (local $y v128) (local $s0 f64)
    (local.set $end4
      (i32.and
        (local.get $dims)
        (i32.const -4)))
    (local.set $rowBytes
      (i32.shl
        (local.get $dims)
        (i32.const 2)))
    (block $done
      (loop $row
        (br_if $done
          (i32.ge_u
            (local.get $i)
            (local.get $n)))
        (local.set $p
          (i32.add
            (local.get $floats)
            (i32.mul
              (i32.load
                (i32.add
                  (local.get $rows)
                  (i32.shl
                    (local.get $i)
                    (i32.const 2))))
              (local.get $rowBytes))))
        (local.set $s01
          (v128.const f64x2 0 0))
        (local.set $s23
          (v128.const f64x2 0 0))
        (local.set $j
          (i32.const 0))
        (block $fours
          (loop $four
            (br_if $fours
              (i32.ge_u
                (local.get $j)
                (local.get $end4)))
            (local.set $x
              (v128.load
                (i32.add
                  (local.get $p)
                  (i32.shl
                    (local.get $j)
                    (i32.const 2)))))
            (local.set $y
              (v128.load
                (i32.add
                  (local.get $q)
                  (i32.shl
                    (local.get $j)
                    (i32.const 2)))))
            (local.set $s01
              (f64x2.add
                (local.get $s01)
                (f64x2.mul
                  (f64x2.promote_low_f32x4
                    (local.get $x))
                  (f64x2.promote_low_f32x4
                    (local.get $y)))))
            ;; columns j+2 and j+3: the high half moved down, then promoted
            (local.set $s23
              (f64x2.add
                (local.get $s23)
                (f64x2.mul
                  (f64x2.promote_low_f32x4
                    (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
                      (local.get $x)
                      (local.get $x)))
                  (f64x2.promote_low_f32x4
                    (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
                      (local.get $y)
                      (local.get $y))))))
            (local.set $j
              (i32.add
                (local.get $j)
                (i32.const 4)))
            (br $four)))
        (local.set $s0
          (f64x2.extract_lane 0
            (local.get $s01)))
        (block $rest
          (loop $one
            (br_if $rest
              (i32.ge_u
                (local.get $j)
                (local.get $dims)))
            (local.set $s0
              (f64.add
                (local.get $s0)
                (f64.mul
                  (f64.promote_f32
                    (f32.load
                      (i32.add
                        (local.get $p)
                        (i32.shl
                          (local.get $j)
                          (i32.const 2)))))
                  (f64.promote_f32
                    (f32.load
                      (i32.add
                        (local.get $q)
                        (i32.shl
                          (local.get $j)
                          (i32.const 2))))))))
            (local.set $j
              (i32.add
                (local.get $j)
                (i32.const 1)))
            (br $one)))
        (f32.store
          (i32.add
            (local.get $out)
            (i32.shl
              (local.get $i)
              (i32.const 2)))
          (f32.demote_f64
            (f64.add
              (f64.add
                (local.get $s0)
                (f64x2.extract_lane 1
                  (local.get $s01)))
              (f64.add
                (f64x2.extract_lane 0
                  (local.get $s23))
                (f64x2.extract_lane 1
                  (local.get $s23))))))
        (local.set $i
          (i32.add
            (local.get $i)
            (i32.const 1)))
        (br $row))))

  ;; quantize: per-row symmetric int8 quantisation of float32 rows [start, end).
  ;;   src     float32 rows, `dims` values per row (dims is a multiple of 16)
  ;;   dst     int8 rows, `dims` bytes per row
  ;;   scales  f32 per row: a = max|x| / 127 (0 for an all-zero row); x[j] ~ a * dst[j]
  ;;   l1s     f32 per row: an upper bound of sum |x[j]|
  ;;   exs     f32 per row: an upper bound of max_j |x[j] - a * dst[j]| (the real residual, not
  ;;           the a/2 worst case)
  ;;   segs    f32 per row and segment of 16 columns, segment-major (segment s of row r at
  ;;           segs + s * segStride + 4 r): an upper bound of the segment's residual norm
  ;;           sqrt(sum_j (x[j] - a * dst[j])^2)
  ;; q[j] = nearest(clamp(x[j] * (127 / max), -127, 127)). NaN is not propagated by pmax/pmin, but
  ;; the l1 sum of a row with a NaN (or an infinity) is not finite, which the caller checks.
  ;; The residuals are computed in f32 from the stored scale and the stored integer, then widened
  ;; to cover f32 rounding:
  ;;   |fl(a*q) - a*q| <= 2^-24 * 127.0001 * a <= 2^-24 * 1.0001 * max,
  ;;   |fl(x - w) - (x - w)| <= 2^-24 * |x - w|, and the final addition rounds by <= 2^-24 relative,
  ;; so adding max * 2^-22 (twice what is needed) makes exs a true upper bound. The lane sums of
  ;; |x| carry a relative error below (dims/4 + 3) * 2^-24, covered by the factor 1 + dims * 2^-22.
  ;; A segment's norm: each computed residual d[j] is within 2^-24 |e[j]| + 2^-23 max of the real
  ;; one e[j] (the two roundings above), so |e| <= (|d| + 2^-21 max) / (1 - 2^-24) over 16 values;
  ;; the 16 squares and their sums in f32 err by at most 8 * 2^-24 relative (all terms >= 0) and
  ;; the square root by 2^-24, so |d| <= sqrt(sum) * (1 + 2^-20). The factor 1 + 2^-17 and the
  ;; term max * 2^-19 cover all of it with room for the last multiply and adds; 2^-70 covers
  ;; squares below the smallest subnormal (each < 2^-149, so their root sum is < 2^-72).
  (func $quantize (export "quantize")
    (param $src i32) (param $dst i32) (param $dims i32) (param $start i32) (param $end i32)
    (param $scales i32) (param $l1s i32) (param $exs i32) (param $segs i32) (param $segStride i32)
    (local $r i32) (local $p i32) (local $pend i32) (local $d i32) (local $s i32)
    (local $dv v128) (local $vq v128)
    (local $mx f32) (local $l1 f32) (local $a f32) (local $inv f32)
    (local $vm v128) (local $vs v128) (local $v v128) (local $t v128) (local $va v128)
    (local $vinv v128) (local $vr v128) (local $i0 v128) (local $i1 v128) (local $i2 v128)
    (local $i3 v128)
    (local.set $r
      (local.get $start))
    (block $done
      (loop $row
        (br_if $done
          (i32.ge_u
            (local.get $r)
            (local.get $end)))
        (local.set $pend
          (i32.add
            (local.tee $p
              (i32.add
                (local.get $src)
                (i32.shl
                  (i32.mul
                    (local.get $r)
                    (local.get $dims))
                  (i32.const 2))))
            (i32.shl
              (local.get $dims)
              (i32.const 2))))
        (local.set $vs
          (local.tee $vm
            (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)))
        ;; pass 1: max |x| and sum |x|
        (loop $pass1
          (local.set $vm
            (f32x4.pmax
              (local.tee $v
                (f32x4.abs
                  (v128.load
                    (local.get $p))))
              (local.get $vm)))
          (local.set $vs
            (f32x4.add
              (local.get $vs)
              (local.get $v)))
          (br_if $pass1
            (i32.lt_u
              (local.tee $p
                (i32.add
                  (local.get $p)
                  (i32.const 16)))
              (local.get $pend))))
        (local.set $mx
          (f32.max
            (f32.max
              (f32.max
                (f32x4.extract_lane 0
                  (local.get $vm))
                (f32x4.extract_lane 1
                  (local.get $vm)))
              (f32x4.extract_lane 2
                (local.get $vm)))
            (f32x4.extract_lane 3
              (local.get $vm))))
        (local.set $l1
          (f32.add
            (f32.add
              (f32x4.extract_lane 0
                (local.get $vs))
              (f32x4.extract_lane 1
                (local.get $vs)))
            (f32.add
              (f32x4.extract_lane 2
                (local.get $vs))
              (f32x4.extract_lane 3
                (local.get $vs)))))
        (local.set $a
          (f32.const 0x0p+0 (;=0;)))
        (local.set $inv
          (f32.const 0x0p+0 (;=0;)))
        (if
          (f32.gt
            (local.get $mx)
            (f32.const 0x0p+0 (;=0;)))
          (then
            (local.set $a
              (f32.div
                (local.get $mx)
                (f32.const 0x1.fcp+6 (;=127;))))
            (local.set $inv
              (f32.div
                (f32.const 0x1.fcp+6 (;=127;))
                (local.get $mx)))))
        (local.set $va
          (f32x4.splat
            (local.get $a)))
        (local.set $vinv
          (f32x4.splat
            (local.get $inv)))
        (local.set $vr
          (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000))
        (local.set $p
          (i32.sub
            (local.get $pend)
            (i32.shl
              (local.get $dims)
              (i32.const 2))))
        (local.set $d
          (i32.add
            (local.get $dst)
            (i32.mul
              (local.get $r)
              (local.get $dims))))
        (local.set $s
          (i32.const 0))
        ;; pass 2: 16 values (one segment) per iteration -> 16 int8 and the segment's residual norm
        (loop $pass2
          (local.set $vq
            (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000))
          ;; y = clamp(x * inv) + 1.5 * 2^23: the float addition rounds to the nearest integer
          ;; (ties to even) and leaves it in the low mantissa bits; t = y - 1.5 * 2^23 exactly.
          (local.set $i0
            (i32x4.sub
              (local.tee $t
                (f32x4.add
                  (f32x4.pmin
                    (f32x4.pmax
                      (f32x4.mul
                        (local.tee $v
                          (v128.load
                            (local.get $p)))
                        (local.get $vinv))
                      (v128.const i32x4 0xc2fe0000 0xc2fe0000 0xc2fe0000 0xc2fe0000))
                    (v128.const i32x4 0x42fe0000 0x42fe0000 0x42fe0000 0x42fe0000))
                  (v128.const i32x4 0x4b400000 0x4b400000 0x4b400000 0x4b400000)))
              (v128.const i32x4 0x4b400000 0x4b400000 0x4b400000 0x4b400000)))
          (local.set $vr
            (f32x4.pmax
              (f32x4.abs
                (local.tee $dv
                  (f32x4.sub
                    (local.get $v)
                    (f32x4.mul
                      (f32x4.sub
                        (local.get $t)
                        (v128.const i32x4 0x4b400000 0x4b400000 0x4b400000 0x4b400000))
                      (local.get $va)))))
              (local.get $vr)))
          (local.set $vq
            (f32x4.add
              (local.get $vq)
              (f32x4.mul
                (local.get $dv)
                (local.get $dv))))
          (local.set $i1
            (i32x4.sub
              (local.tee $t
                (f32x4.add
                  (f32x4.pmin
                    (f32x4.pmax
                      (f32x4.mul
                        (local.tee $v
                          (v128.load offset=16
                            (local.get $p)))
                        (local.get $vinv))
                      (v128.const i32x4 0xc2fe0000 0xc2fe0000 0xc2fe0000 0xc2fe0000))
                    (v128.const i32x4 0x42fe0000 0x42fe0000 0x42fe0000 0x42fe0000))
                  (v128.const i32x4 0x4b400000 0x4b400000 0x4b400000 0x4b400000)))
              (v128.const i32x4 0x4b400000 0x4b400000 0x4b400000 0x4b400000)))
          (local.set $vr
            (f32x4.pmax
              (f32x4.abs
                (local.tee $dv
                  (f32x4.sub
                    (local.get $v)
                    (f32x4.mul
                      (f32x4.sub
                        (local.get $t)
                        (v128.const i32x4 0x4b400000 0x4b400000 0x4b400000 0x4b400000))
                      (local.get $va)))))
              (local.get $vr)))
          (local.set $vq
            (f32x4.add
              (local.get $vq)
              (f32x4.mul
                (local.get $dv)
                (local.get $dv))))
          (local.set $i2
            (i32x4.sub
              (local.tee $t
                (f32x4.add
                  (f32x4.pmin
                    (f32x4.pmax
                      (f32x4.mul
                        (local.tee $v
                          (v128.load offset=32
                            (local.get $p)))
                        (local.get $vinv))
                      (v128.const i32x4 0xc2fe0000 0xc2fe0000 0xc2fe0000 0xc2fe0000))
                    (v128.const i32x4 0x42fe0000 0x42fe0000 0x42fe0000 0x42fe0000))
                  (v128.const i32x4 0x4b400000 0x4b400000 0x4b400000 0x4b400000)))
              (v128.const i32x4 0x4b400000 0x4b400000 0x4b400000 0x4b400000)))
          (local.set $vr
            (f32x4.pmax
              (f32x4.abs
                (local.tee $dv
                  (f32x4.sub
                    (local.get $v)
                    (f32x4.mul
                      (f32x4.sub
                        (local.get $t)
                        (v128.const i32x4 0x4b400000 0x4b400000 0x4b400000 0x4b400000))
                      (local.get $va)))))
              (local.get $vr)))
          (local.set $vq
            (f32x4.add
              (local.get $vq)
              (f32x4.mul
                (local.get $dv)
                (local.get $dv))))
          (local.set $i3
            (i32x4.sub
              (local.tee $t
                (f32x4.add
                  (f32x4.pmin
                    (f32x4.pmax
                      (f32x4.mul
                        (local.tee $v
                          (v128.load offset=48
                            (local.get $p)))
                        (local.get $vinv))
                      (v128.const i32x4 0xc2fe0000 0xc2fe0000 0xc2fe0000 0xc2fe0000))
                    (v128.const i32x4 0x42fe0000 0x42fe0000 0x42fe0000 0x42fe0000))
                  (v128.const i32x4 0x4b400000 0x4b400000 0x4b400000 0x4b400000)))
              (v128.const i32x4 0x4b400000 0x4b400000 0x4b400000 0x4b400000)))
          (local.set $vr
            (f32x4.pmax
              (f32x4.abs
                (local.tee $dv
                  (f32x4.sub
                    (local.get $v)
                    (f32x4.mul
                      (f32x4.sub
                        (local.get $t)
                        (v128.const i32x4 0x4b400000 0x4b400000 0x4b400000 0x4b400000))
                      (local.get $va)))))
              (local.get $vr)))
          (local.set $vq
            (f32x4.add
              (local.get $vq)
              (f32x4.mul
                (local.get $dv)
                (local.get $dv))))
          ;; narrow 4 x i32x4 -> 16 x i8 (values are within -127..127, so no saturation)
          (v128.store
            (local.get $d)
            (i8x16.narrow_i16x8_s
              (i16x8.narrow_i32x4_s
                (local.get $i0)
                (local.get $i1))
              (i16x8.narrow_i32x4_s
                (local.get $i2)
                (local.get $i3))))
          ;; segs[s][r] = sqrt(this segment's sum of squared residuals) * (1 + 2^-17) + max * 2^-19 + 2^-70
          (f32.store
            (i32.add
              (i32.add
                (local.get $segs)
                (i32.mul
                  (local.get $s)
                  (local.get $segStride)))
              (i32.shl
                (local.get $r)
                (i32.const 2)))
            (f32.add
              (f32.add
                (f32.mul
                  (f32.sqrt
                    (f32.add
                      (f32.add
                        (f32x4.extract_lane 0
                          (local.get $vq))
                        (f32x4.extract_lane 1
                          (local.get $vq)))
                      (f32.add
                        (f32x4.extract_lane 2
                          (local.get $vq))
                        (f32x4.extract_lane 3
                          (local.get $vq)))))
                  (f32.const 0x1.00008p+0))
                (f32.mul
                  (local.get $mx)
                  (f32.const 0x1p-19)))
              (f32.const 0x1p-70)))
          (local.set $s
            (i32.add
              (local.get $s)
              (i32.const 1)))
          (local.set $d
            (i32.add
              (local.get $d)
              (i32.const 16)))
          (br_if $pass2
            (i32.lt_u
              (local.tee $p
                (i32.add
                  (local.get $p)
                  (i32.const 64)))
              (local.get $pend))))
        ;; scales[r] = a
        (f32.store
          (i32.add
            (local.get $scales)
            (i32.shl
              (local.get $r)
              (i32.const 2)))
          (local.get $a))
        ;; l1s[r] = l1 * (1 + dims * 2^-22)
        (f32.store
          (i32.add
            (local.get $l1s)
            (i32.shl
              (local.get $r)
              (i32.const 2)))
          (f32.mul
            (local.get $l1)
            (f32.add
              (f32.mul
                (f32.convert_i32_u
                  (local.get $dims))
                (f32.const 0x1p-22 (;=2.38419e-07;)))
              (f32.const 0x1p+0 (;=1;)))))
        ;; exs[r] = max residual + max * 2^-22
        (f32.store
          (i32.add
            (local.get $exs)
            (i32.shl
              (local.get $r)
              (i32.const 2)))
          (f32.add
            (f32.max
              (f32.max
                (f32.max
                  (f32x4.extract_lane 0
                    (local.get $vr))
                  (f32x4.extract_lane 1
                    (local.get $vr)))
                (f32x4.extract_lane 2
                  (local.get $vr)))
              (f32x4.extract_lane 3
                (local.get $vr)))
            (f32.mul
              (local.get $mx)
              (f32.const 0x1p-22 (;=2.38419e-07;)))))
        (local.set $r
          (i32.add
            (local.get $r)
            (i32.const 1)))
        (br $row)))))
