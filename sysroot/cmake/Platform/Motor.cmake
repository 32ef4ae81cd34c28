# CMake platform "Motor" (CMAKE_SYSTEM_NAME Motor, set by toolchain.cmake):
# a Unix (UNIX is set, Unix search paths inside the sysroot) that links
# static executables only.
include(Platform/UnixPaths)
set_property(GLOBAL PROPERTY TARGET_SUPPORTS_SHARED_LIBS FALSE)
set(CMAKE_EXECUTABLE_SUFFIX "")
