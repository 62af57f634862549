/* placeholder */ typedef int wr_web_placeholder;
