/* placeholder */ typedef int wr_cli_placeholder;
