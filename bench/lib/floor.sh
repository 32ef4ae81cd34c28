# shellcheck shell=bash
# build_floor DIR: builds DIR/floor-pvh.elf, QEMU's "floor" kernel: a 32-bit
# PVH entry that writes "X\n" to COM1 and exits through isa-debug-exit (QEMU
# exit status 1). The same few lines as shared/bench/linux-baseline/build.sh,
# PVH note only, so q35 boots it the way it boots Motor (SeaBIOS + pvh.bin)
# and microvm the same way (qboot). Needs binutils (as, ld).
build_floor() {
  local dir=$1
  cat >"$dir/floor.S" <<'ASM'
    .code32
    .text
    .globl _start
_start:
    mov $0x3f8, %dx
    mov $'X', %al
    out %al, %dx
    mov $'\n', %al
    out %al, %dx
    mov $0xf4, %dx
    xor %eax, %eax
    out %al, %dx
1:  hlt
    jmp 1b
    .section .note.pvh, "a", @note
    .align 4
    .long 4, 4, 18          # XEN_ELFNOTE_PHYS32_ENTRY
    .asciz "Xen"
    .long _start
ASM
  printf 'ENTRY(_start)\nSECTIONS { . = 0x100000; .text : { *(.text) } .note.pvh : { *(.note.pvh) } }\n' \
    >"$dir/floor.ld"
  as --32 -o "$dir/floor.o" "$dir/floor.S"
  ld -m elf_i386 -N -T "$dir/floor.ld" --no-warn-rwx-segments -o "$dir/floor-pvh.elf" "$dir/floor.o"
}
