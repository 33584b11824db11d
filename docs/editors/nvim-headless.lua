-- Headless Neovim 0.7 against `citecheck server`: open the seed, wait for
-- diagnostics, write them to a file, quit.
local bin = os.getenv("CITECHECK_BIN")
local out = io.open(os.getenv("OUT"), "w")
local id = vim.lsp.start_client({
  name = "citecheck",
  cmd = { bin, "server", "--offline" },
  root_dir = vim.fn.getcwd(),
})
vim.cmd("edit blinken-beijing.txt")
vim.lsp.buf_attach_client(0, id)
local ok = vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local client = vim.lsp.get_client_by_id(id)
out:write("waited ok: " .. tostring(ok) .. "\n")
out:write("offset_encoding: " .. tostring(client and client.offset_encoding) .. "\n")
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  out:write(string.format("%d:%d-%d:%d %s %s %s\n", d.lnum, d.col, d.end_lnum or -1, d.end_col or -1,
    tostring(d.severity), tostring(code), (d.message:gsub("\n.*", ""))))
end
out:close()
vim.lsp.stop_client(id)
vim.wait(2000, function() return vim.lsp.get_client_by_id(id) == nil end, 50)
vim.cmd("qa!")
