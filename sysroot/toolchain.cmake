# CMake toolchain file for Motor (SYSROOT/share/motor/toolchain.cmake):
#   cmake -DCMAKE_TOOLCHAIN_FILE=SYSROOT/share/motor/toolchain.cmake ...
# (-DCMAKE_C_COMPILER=SYSROOT/bin/x86_64-motor-elf-clang for clang.)
# The sysroot is found from this file's place, so it may move.
get_filename_component(MOTOR_SYSROOT "${CMAKE_CURRENT_LIST_DIR}/../.." ABSOLUTE)

# The Motor platform (static executables, Unix paths): cmake/Platform/Motor.cmake.
list(APPEND CMAKE_MODULE_PATH "${CMAKE_CURRENT_LIST_DIR}/cmake")
set(CMAKE_SYSTEM_NAME Motor)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

if(NOT CMAKE_C_COMPILER)
  set(CMAKE_C_COMPILER "${MOTOR_SYSROOT}/bin/x86_64-motor-elf-gcc")
endif()
set(CMAKE_SYSROOT "${MOTOR_SYSROOT}")

# Libraries, headers and packages from the sysroot only; programs (code
# generators) from the host.
set(CMAKE_FIND_ROOT_PATH "${MOTOR_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# FindPkgConfig would run the host's pkg-config (host libraries) otherwise.
set(PKG_CONFIG_EXECUTABLE "${MOTOR_SYSROOT}/bin/x86_64-motor-elf-pkg-config"
    CACHE FILEPATH "pkg-config for Motor")
