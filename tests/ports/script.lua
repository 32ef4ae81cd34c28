-- script.lua: the Lua port on Motor, run by test_ports.py as
-- `lua /test/ports/script.lua a b`. Each line it prints is checked there.
local words = {}
for w in string.gmatch("the quick brown fox jumps", "%a+") do
  table.insert(words, w:upper())
end
table.sort(words)
print("sorted: " .. table.concat(words, ","))
print(string.format("format: %5.2f|%-4s|%03d|%x", math.pi, "ab", 7, 255))
print("args: " .. #arg .. " " .. table.concat(arg, " "))

-- io: write a file in /tmp, read it back by lines
local path = os.tmpname()
local f = assert(io.open(path, "w"))
for i = 1, 3 do f:write("line ", i, "\n") end
f:close()
local n, total = 0, 0
for line in io.lines(path) do
  n = n + 1
  total = total + tonumber(line:match("%d+"))
end
print("lines: " .. n .. " sum " .. total)
assert(os.remove(path))
print("removed: " .. tostring(io.open(path) == nil))

-- os
print("clock: " .. tostring(os.clock() >= 0) .. " time: " .. tostring(os.time() > 1600000000))
print("date: " .. os.date("!%Y-%m-%d", 0))
print("getenv: " .. tostring(os.getenv("PATH")))

-- errors and coroutines (setjmp/longjmp underneath)
local ok, err = pcall(function() error({code = 42}) end)
print("pcall: " .. tostring(ok) .. " " .. err.code)
local co = coroutine.wrap(function(a) local b = coroutine.yield(a * 2); return a + b end)
print("coroutine: " .. co(5) .. " " .. co(10))
os.exit(3)
